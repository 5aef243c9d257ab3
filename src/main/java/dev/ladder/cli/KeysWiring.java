package dev.ladder.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ladder.access.Authentication;
import dev.ladder.access.BudgetAlert;
import dev.ladder.access.BudgetAlerts;
import dev.ladder.access.BudgetStatus;
import dev.ladder.access.BudgetStage;
import dev.ladder.access.Gate;
import dev.ladder.access.MemoryLedger;
import dev.ladder.access.Ledger;
import dev.ladder.access.MemoryRateLimiter;
import dev.ladder.access.RateLimiter;
import dev.ladder.api.KeysAccess;
import dev.ladder.config.LadderConfig;
import dev.ladder.model.RedisHealth;
import dev.ladder.pipeline.AttemptStage;
import dev.ladder.pipeline.GatewayEvents;
import dev.ladder.store.RedisAccess;
import dev.ladder.store.JdbcAccessStore;
import dev.ladder.webhooks.Outbox;
import dev.ladder.wire.Json;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Virtual keys, budgets and rate limits, built when a master key is set: the key store and ledger in
 * {@code <data_dir>/access.db}, the budget stage at the head of the attempt chain (and among the event listeners,
 * where it settles finished requests), the edge's gate. Without a master key there is nothing to build, and the
 * gateway must stay on loopback ({@link #checkBind}).
 */
public record KeysWiring(Optional<KeysAccess> access, List<AttemptStage> attemptStages, List<GatewayEvents> listeners,
        Optional<JdbcAccessStore> store, Optional<RedisAccess> redis,
        Optional<Supplier<List<BudgetStatus>>> budgets) implements AutoCloseable {

    /**
     * What turns keys on: the master key, and the Redis that replicas share budgets and rate limits through
     * ({@value #REDIS_URL_ENV}, else {@code state.redis}; without either, they are counted in this process).
     */
    public record Options(Optional<String> masterKey, Optional<String> redisUrl) {
        public Options {
            java.util.Objects.requireNonNull(masterKey, "masterKey is null");
            java.util.Objects.requireNonNull(redisUrl, "redisUrl is null");
        }

        /** From the environment: the master key (see {@link #masterKey(Map)}) and {@value #REDIS_URL_ENV}. */
        public static Options fromEnv(Map<String, String> env) {
            return new Options(KeysWiring.masterKey(env), nonBlank(env.get(REDIS_URL_ENV)));
        }
    }

    /** The Redis server of budgets and rate limits when replicas share them. */
    static final String REDIS_URL_ENV = "LADDER_REDIS_URL";
    static final String REDIS_PREFIX = "ladder:access:";

    /** The master key's environment variable; {@value #MASTER_KEY_FILE_ENV} names a file that holds it instead. */
    public static final String MASTER_KEY_ENV = "LADDER_MASTER_KEY";
    static final String MASTER_KEY_FILE_ENV = "LADDER_MASTER_KEY_FILE";
    /** Most requests name max_tokens; one that does not is reserved (and capped) at this many. */
    static final int DEFAULT_MAX_TOKENS = 4096;

    static final KeysWiring NONE = new KeysWiring(Optional.empty(), List.of(), List.of(), Optional.empty(),
            Optional.empty(), Optional.empty());

    /**
     * The master key: {@value #MASTER_KEY_ENV}, else the first line of the file {@value #MASTER_KEY_FILE_ENV}
     * names, else the older {@code LADDER_ADMIN_KEY} (an alias).
     *
     * @throws IllegalStateException when the file cannot be read or is empty
     */
    static Optional<String> masterKey(Map<String, String> env) {
        Optional<String> direct = nonBlank(env.get(MASTER_KEY_ENV));
        if (direct.isPresent()) {
            return direct;
        }
        Optional<String> file = nonBlank(env.get(MASTER_KEY_FILE_ENV));
        if (file.isPresent()) {
            try {
                return Optional.of(nonBlank(Files.readString(Path.of(file.get()), StandardCharsets.UTF_8).lines()
                        .findFirst().orElse("")).orElseThrow(() -> new IllegalStateException(MASTER_KEY_FILE_ENV
                        + ": the file " + file.get() + " is empty")));
            } catch (IOException e) {
                throw new IllegalStateException(MASTER_KEY_FILE_ENV + ": cannot read " + file.get() + ": " + e);
            }
        }
        return nonBlank(env.get(Gateway.ADMIN_KEY_ENV));
    }

    /**
     * The keys of {@code options}' master key (none without one); budget alerts go to the log, the metrics
     * ({@code events}) and, as {@code budget.alert} webhooks, to {@code outbox} (when a webhook URL is configured).
     */
    static KeysWiring create(LadderConfig config, InstantSource clock, Options options, GatewayEvents events,
            Outbox outbox) {
        Optional<String> masterKey = options.masterKey();
        if (masterKey.isEmpty()) {
            return NONE;
        }
        JdbcAccessStore store = JdbcAccessStore.open(config.state().database(),
                config.server().dataDir().resolve(JdbcAccessStore.FILE_NAME));
        Optional<RedisAccess> redis;
        try {
            redis = options.redisUrl().or(() -> config.state().redis())
                    .map(url -> RedisAccess.connect(url, REDIS_PREFIX, store, clock, events));
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        Ledger ledger = redis.<Ledger>map(r -> r).orElseGet(() -> new MemoryLedger(store, clock));
        RateLimiter limiter = redis.<RateLimiter>map(r -> r).orElseGet(() -> new MemoryRateLimiter(clock));
        BudgetAlerts alerts = BudgetAlerts.both(BudgetAlerts.both(BudgetAlerts.LOG,
                a -> events.budgetAlert(a.owner().startsWith("team:") ? "team" : "key", a.thresholdPercent())),
                a -> outbox.enqueue(BUDGET_ALERT_EVENT, budgetAlertJson(a)));
        BudgetStage budgets = new BudgetStage(store, ledger, clock, DEFAULT_MAX_TOKENS, alerts);
        Gate gate = new Gate(limiter, ledger, clock);
        KeysAccess access = new KeysAccess(new Authentication(masterKey, true, store, clock), Optional.of(gate), store,
                store);
        return new KeysWiring(Optional.of(access), List.of(budgets), List.of(budgets), Optional.of(store), redis,
                Optional.of(() -> BudgetStatus.of(store, ledger, clock)));
    }

    /** The webhook event type of a budget that crossed an alert threshold. */
    static final String BUDGET_ALERT_EVENT = "budget.alert";

    /** The {@code data} of a {@value #BUDGET_ALERT_EVENT} webhook: whose budget, which threshold, spent and limit. */
    static String budgetAlertJson(BudgetAlert a) {
        ObjectNode data = Json.object();
        data.put("owner", a.owner());
        data.put("threshold_percent", a.thresholdPercent());
        data.put("used_usd", a.usedUsd());
        data.put("limit_usd", a.limitUsd());
        data.put("window_start", DateTimeFormatter.ISO_INSTANT.format(a.window()));
        data.put("at", DateTimeFormatter.ISO_INSTANT.format(a.at()));
        return Json.write(data);
    }

    /**
     * Without auth the gateway may listen on loopback only, unless the operator says otherwise.
     *
     * @throws InsecureBind naming the host and the two ways out
     */
    static void checkBind(String host, boolean authOn, boolean insecureNoAuth) {
        if (authOn || insecureNoAuth || loopback(host)) {
            return;
        }
        throw new InsecureBind("refusing to listen on " + host + " without auth: anyone who can reach it could use "
                + "every model and admin route. Set " + MASTER_KEY_ENV + " (or " + MASTER_KEY_FILE_ENV + ") to turn "
                + "on virtual keys, listen on 127.0.0.1, or pass --insecure-no-auth.");
    }

    static boolean loopback(String host) {
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** A non-loopback bind without auth: the process exits with code 2. */
    static final class InsecureBind extends IllegalStateException {
        InsecureBind(String message) {
            super(message);
        }
    }

    private static Optional<String> nonBlank(String s) {
        return s == null || s.isBlank() ? Optional.empty() : Optional.of(s.strip());
    }

    /** Budgets' and rate limits' use of Redis, when they are on Redis. */
    List<RedisHealth> redisHealth() {
        return redis.map(RedisAccess::health).orElse(List.of());
    }

    @Override
    public void close() {
        redis.ifPresent(RedisAccess::close);
        store.ifPresent(JdbcAccessStore::close);
    }
}
