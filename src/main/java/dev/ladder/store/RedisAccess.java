package dev.ladder.store;

import static java.util.Objects.requireNonNull;

import dev.ladder.access.Account;
import dev.ladder.access.Charge;
import dev.ladder.access.Ledger;
import dev.ladder.access.LedgerJournal;
import dev.ladder.access.RateLimiter;
import dev.ladder.access.SpendLine;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;

/**
 * Budgets and rate limits shared by replicas through one Redis: each check-and-take is one Lua script, which
 * Redis runs atomically, so two gateways can never both take the last of a budget or a bucket. Budget counters
 * are whole micro-dollars ({@code INCRBY}); every reservation is also written to this node's
 * {@link LedgerJournal} before it is granted (and given back in Redis if that write fails). After a crash, an
 * unsettled reservation stays counted in Redis at its reserved amount, as the journal counts it.
 */
public final class RedisAccess implements Ledger, RateLimiter, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(RedisAccess.class.getName());

    /** KEYS: the slots; ARGV[1]: micros to add; ARGV[2..]: each slot's limit. 1 when taken, 0 when any is full. */
    private static final String RESERVE = """
            local more = tonumber(ARGV[1])
            for i, k in ipairs(KEYS) do
              local used = tonumber(redis.call('GET', k) or '0')
              if used + more > tonumber(ARGV[i + 1]) then return 0 end
            end
            for i, k in ipairs(KEYS) do redis.call('INCRBY', k, more) end
            return 1
            """;

    /**
     * Token buckets. KEYS: the buckets; ARGV[1]: now in ms; then per bucket its capacity per minute and its cost.
     * Returns {admitted, wait ms, then per bucket: remaining, ms until full}.
     */
    private static final String ADMIT = """
            local now = tonumber(ARGV[1])
            local levels = {}
            local wait = 0
            for i, k in ipairs(KEYS) do
              local cap = tonumber(ARGV[2 * i])
              local cost = tonumber(ARGV[2 * i + 1])
              local state = redis.call('HMGET', k, 't', 'at')
              local tokens = tonumber(state[1] or cap)
              local at = tonumber(state[2] or now)
              if now > at then tokens = math.min(cap, tokens + (now - at) * cap / 60000) end
              levels[i] = tokens
              if tokens < cost then wait = math.max(wait, math.ceil((cost - tokens) * 60000 / cap)) end
            end
            local out = {wait == 0 and 1 or 0, wait}
            for i, k in ipairs(KEYS) do
              local cap = tonumber(ARGV[2 * i])
              local cost = tonumber(ARGV[2 * i + 1])
              local tokens = levels[i]
              if wait == 0 then tokens = tokens - cost end
              redis.call('HSET', k, 't', tostring(tokens), 'at', tostring(now))
              redis.call('PEXPIRE', k, 120000)
              out[#out + 1] = math.floor(tokens)
              out[#out + 1] = math.ceil((cap - tokens) * 60000 / cap)
            end
            return out
            """;

    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final RedisCommands<String, String> redis;
    private final String prefix;
    private final LedgerJournal journal;
    private final InstantSource clock;

    private RedisAccess(RedisClient client, StatefulRedisConnection<String, String> connection, String prefix,
            LedgerJournal journal, InstantSource clock) {
        this.client = client;
        this.connection = connection;
        this.redis = connection.sync();
        this.prefix = prefix;
        this.journal = journal;
        this.clock = clock;
    }

    /**
     * Connects to {@code url}; every key gets {@code prefix}.
     *
     * @throws StoreException when Redis cannot be reached (the message never shows the URL's password)
     */
    public static RedisAccess connect(String url, String prefix, LedgerJournal journal, InstantSource clock) {
        requireNonNull(url, "url is null");
        RedisURI uri;
        try {
            uri = RedisURI.create(url);
        } catch (IllegalArgumentException e) {
            throw new StoreException("invalid Redis URL for budgets and rate limits", e);
        }
        uri.setTimeout(Duration.ofSeconds(2));
        RedisClient client = RedisClient.create(uri);
        try {
            StatefulRedisConnection<String, String> c = client.connect();
            LOG.log(Level.INFO, "budgets and rate limits in Redis at " + uri.getHost() + ":" + uri.getPort());
            return new RedisAccess(client, c, requireNonNull(prefix, "prefix is null"),
                    requireNonNull(journal, "journal is null"), requireNonNull(clock, "clock is null"));
        } catch (RedisException e) {
            client.shutdown();
            throw new StoreException("cannot connect to Redis at " + uri.getHost() + ":" + uri.getPort() + " for "
                    + "budgets and rate limits: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean reserve(Charge charge, long moreMicros) {
        String[] keys = charge.accounts().stream().map(a -> prefix + "budget:" + a.slot()).toArray(String[]::new);
        String[] args = new String[keys.length + 1];
        args[0] = Long.toString(moreMicros);
        for (int i = 0; i < keys.length; i++) {
            args[i + 1] = Long.toString(charge.accounts().get(i).limitMicros());
        }
        Long taken = redis.eval(RESERVE, ScriptOutputType.INTEGER, keys, args);
        if (taken == null || taken == 0) {
            return false;
        }
        try {
            journal.reserved(charge, moreMicros, clock.instant());
        } catch (RuntimeException e) {
            for (String k : keys) {
                redis.decrby(k, moreMicros);
            }
            throw e;
        }
        return true;
    }

    @Override
    public void settle(Charge charge, long actualMicros, SpendLine line) {
        journal.settled(charge, actualMicros, line, clock.instant());
        long delta = actualMicros - charge.micros();
        for (Account a : charge.accounts()) {
            redis.incrby(prefix + "budget:" + a.slot(), delta);
        }
    }

    @Override
    public long used(Account account) {
        String v = redis.get(prefix + "budget:" + account.slot());
        return v == null ? 0 : Long.parseLong(v);
    }

    @Override
    public Admission admit(List<Bucket> buckets) {
        if (buckets.isEmpty()) {
            return new Admission(true, Duration.ZERO, List.of());
        }
        String[] keys = buckets.stream().map(b -> prefix + "bucket:" + b.name()).toArray(String[]::new);
        List<String> args = new ArrayList<>();
        Instant now = clock.instant();
        args.add(Long.toString(now.toEpochMilli()));
        for (Bucket b : buckets) {
            args.add(Long.toString(b.perMinute()));
            args.add(Long.toString(b.cost()));
        }
        List<Object> out = redis.eval(ADMIT, ScriptOutputType.MULTI, keys, args.toArray(String[]::new));
        List<State> states = new ArrayList<>();
        for (int i = 0; i < buckets.size(); i++) {
            states.add(new State(buckets.get(i), (Long) out.get(2 + 2 * i),
                    Duration.ofMillis((Long) out.get(3 + 2 * i))));
        }
        return new Admission((Long) out.get(0) == 1, Duration.ofMillis((Long) out.get(1)), states);
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown();
    }
}
