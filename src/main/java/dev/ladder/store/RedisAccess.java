package dev.ladder.store;

import static java.util.Objects.requireNonNull;

import dev.ladder.access.Account;
import dev.ladder.access.Charge;
import dev.ladder.access.Ledger;
import dev.ladder.access.LedgerJournal;
import dev.ladder.access.RateLimiter;
import dev.ladder.access.SpendLine;
import dev.ladder.access.MemoryRateLimiter;
import dev.ladder.model.RedisHealth;
import dev.ladder.model.RedisUse;
import dev.ladder.pipeline.GatewayEvents;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.StringCodec;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Budgets and rate limits shared by replicas through one Redis: each check-and-take is one Lua script, which
 * Redis runs atomically, so two gateways can never both take the last of a budget or a bucket. Budget counters
 * are whole micro-dollars ({@code INCRBY}); every reservation is also written to the durable {@link LedgerJournal}
 * before it is granted (and given back in Redis if that write fails). After a crash, an unsettled reservation
 * stays counted in Redis at its reserved amount, as the journal counts it.
 *
 * <p>When Redis cannot be reached ({@link RedisLink}: short timeouts, then no call until a probe finds it back),
 * each guarantee follows its rule ({@link RedisUse}): a reservation on a budget is refused
 * ({@link Ledger.Unavailable}, budgets fail closed), a charge without a budget goes on (journal only), and rate
 * limits are counted in this process's own buckets. Redis that comes back empty (restarted without persistence)
 * has lost the counters: they are rebuilt from the journal before any budget is granted again. A marker key
 * ({@code <prefix>seeded}) says that this Redis holds the rebuilt counters; the reserve script refuses while it is
 * missing, so no replica grants a budget from an empty counter, and the first to see it missing rebuilds them
 * (each counter raised to the journal's amount, never lowered). A settlement that finds Redis down is in the
 * journal but not in the counter, which then stays at the reserved amount, more than was spent: a budget errs
 * towards refusing.
 */
public final class RedisAccess implements Ledger, RateLimiter, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(RedisAccess.class.getName());

    /** The command timeout when the URL does not set one ({@code ?timeout=250ms}). */
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);
    /** How often a Redis that is down is tried again. */
    static final Duration PROBE_EVERY = Duration.ofMillis(250);
    /** What a refused budget request is told to wait. */
    static final Duration RETRY_AFTER = Duration.ofSeconds(1);
    private static final int SEED_BATCH = 500;

    /**
     * KEYS[1]: the seeded marker, then the slots; ARGV[1]: micros to add; ARGV[2..]: each slot's limit. 1 when
     * taken, 0 when any is full, -1 when the counters have not been rebuilt since Redis started.
     */
    private static final String RESERVE = """
            if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
            local more = tonumber(ARGV[1])
            for i = 2, #KEYS do
              local used = tonumber(redis.call('GET', KEYS[i]) or '0')
              if used + more > tonumber(ARGV[i]) then return 0 end
            end
            for i = 2, #KEYS do redis.call('INCRBY', KEYS[i], more) end
            return 1
            """;

    /** KEYS: counters, ARGV: the journal's amount of each; a counter is raised to it, never lowered. */
    private static final String SEED = """
            for i, k in ipairs(KEYS) do
              local v = tonumber(ARGV[i])
              if v > tonumber(redis.call('GET', k) or '0') then redis.call('SET', k, ARGV[i]) end
            end
            return #KEYS
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

    private final String prefix;
    private final String marker;
    private final LedgerJournal journal;
    private final InstantSource clock;
    private final GatewayEvents events;
    private final MemoryRateLimiter local;
    private final ReentrantLock seeding = new ReentrantLock();
    private final RedisLink<String> link;

    private RedisAccess(RedisURI uri, Duration timeout, String prefix, LedgerJournal journal, InstantSource clock,
            GatewayEvents events) {
        this.prefix = requireNonNull(prefix, "prefix is null");
        this.marker = prefix + "seeded";
        this.journal = requireNonNull(journal, "journal is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.events = requireNonNull(events, "events is null");
        this.local = new MemoryRateLimiter(clock);
        this.link = new RedisLink<>("budgets and rate limits", uri, StringCodec.UTF8, timeout, PROBE_EVERY,
                this::seedIfEmpty, this::changed, clock);
    }

    /**
     * Connects to {@code url}; every key gets {@code prefix}. Commands wait at most the URL's {@code timeout}
     * parameter, 1 s when it has none. A Redis that cannot be reached now is not an
     * error: the access starts down, by the outage rules, and connects when Redis answers.
     *
     * @throws StoreException when the URL is invalid (the message never shows its password)
     */
    public static RedisAccess connect(String url, String prefix, LedgerJournal journal, InstantSource clock,
            GatewayEvents events) {
        requireNonNull(url, "url is null");
        RedisURI uri;
        try {
            uri = RedisURI.create(url);
        } catch (IllegalArgumentException e) {
            throw new StoreException("invalid Redis URL for budgets and rate limits", e);
        }
        Duration timeout = uri.getTimeout().equals(RedisURI.DEFAULT_TIMEOUT_DURATION) ? DEFAULT_TIMEOUT
                : uri.getTimeout();
        return new RedisAccess(uri, timeout, prefix, journal, clock, events);
    }

    /** Budgets and rate limits: each served by Redis now, or by its rule since when. */
    public List<RedisHealth> health() {
        RedisLink.State s = link.state();
        return List.of(new RedisHealth(RedisUse.BUDGETS, s.up(), s.since(), s.problem()),
                new RedisHealth(RedisUse.RATE_LIMITS, s.up(), s.since(), s.problem()));
    }

    private void changed(RedisLink.State s) {
        for (RedisHealth h : List.of(new RedisHealth(RedisUse.BUDGETS, s.up(), s.since(), s.problem()),
                new RedisHealth(RedisUse.RATE_LIMITS, s.up(), s.since(), s.problem()))) {
            events.redisState(h);
        }
    }

    /** On a new connection: the counters from the journal, unless this Redis holds them already. */
    private void seedIfEmpty(RedisCommands<String, String> redis) {
        seeding.lock();
        try {
            if (redis.exists(marker) > 0) {
                return;
            }
            Map<String, Long> used = journal.usedBySlot();
            List<Map.Entry<String, Long>> entries = new ArrayList<>(used.entrySet());
            for (int from = 0; from < entries.size(); from += SEED_BATCH) {
                List<Map.Entry<String, Long>> batch = entries.subList(from, Math.min(entries.size(), from + SEED_BATCH));
                redis.eval(SEED, ScriptOutputType.INTEGER, batch.stream().map(e -> prefix + "budget:" + e.getKey())
                        .toArray(String[]::new), batch.stream().map(e -> Long.toString(e.getValue()))
                        .toArray(String[]::new));
            }
            redis.set(marker, clock.instant().toString());
            LOG.log(Level.INFO, "budget counters in Redis rebuilt from the ledger: " + entries.size() + " counters");
        } finally {
            seeding.unlock();
        }
    }

    @Override
    public boolean reserve(Charge charge, long moreMicros) {
        if (charge.accounts().isEmpty()) {
            // no budget to hold: the journal alone (spend reports), whether Redis is there or not
            journal.reserved(charge, moreMicros, clock.instant());
            return true;
        }
        String[] keys = new String[charge.accounts().size() + 1];
        keys[0] = marker;
        String[] args = new String[keys.length];
        args[0] = Long.toString(moreMicros);
        for (int i = 0; i < charge.accounts().size(); i++) {
            keys[i + 1] = prefix + "budget:" + charge.accounts().get(i).slot();
            args[i + 1] = Long.toString(charge.accounts().get(i).limitMicros());
        }
        long taken = budgets(() -> {
            Long t = link.call(r -> r.eval(RESERVE, ScriptOutputType.INTEGER, keys, args));
            if (t != null && t == -1) {
                // Redis lost the counters since this replica connected (restarted, flushed): rebuild, then retry
                link.call(r -> {
                    seedIfEmpty(r);
                    return null;
                });
                t = link.call(r -> r.eval(RESERVE, ScriptOutputType.INTEGER, keys, args));
            }
            return t == null ? 0 : t;
        });
        if (taken == -1) {
            throw new Ledger.Unavailable("the budget counters in Redis are being rebuilt", RETRY_AFTER);
        }
        if (taken == 0) {
            return false;
        }
        try {
            journal.reserved(charge, moreMicros, clock.instant());
        } catch (RuntimeException e) {
            try {
                link.call(r -> {
                    for (int i = 1; i < keys.length; i++) {
                        r.decrby(keys[i], moreMicros);
                    }
                    return null;
                });
            } catch (RedisLink.Down down) {
                e.addSuppressed(down); // the counter stays higher than the journal: a budget errs towards refusing
            }
            throw e;
        }
        return true;
    }

    @Override
    public void settle(Charge charge, long actualMicros, SpendLine line) {
        journal.settled(charge, actualMicros, line, clock.instant());
        if (charge.accounts().isEmpty()) {
            return;
        }
        long delta = actualMicros - charge.micros();
        try {
            link.call(r -> {
                for (Account a : charge.accounts()) {
                    r.incrby(prefix + "budget:" + a.slot(), delta);
                }
                return null;
            });
        } catch (RedisLink.Down e) {
            // the journal has it; the counter keeps the reservation (more than was spent) or is rebuilt on return
        }
    }

    @Override
    public long used(Account account) {
        String v = budgets(() -> link.call(r -> r.get(prefix + "budget:" + account.slot())));
        return v == null ? 0 : Long.parseLong(v);
    }

    /** {@code call} on the budget counters; Redis down is {@link Ledger.Unavailable} (budgets fail closed). */
    private <T> T budgets(java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (RedisLink.Down e) {
            events.redisFallback(RedisUse.BUDGETS);
            throw new Ledger.Unavailable("Redis at " + link.where() + " is down", RETRY_AFTER);
        }
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
        List<Object> out;
        try {
            out = link.call(r -> r.eval(ADMIT, ScriptOutputType.MULTI, keys, args.toArray(String[]::new)));
        } catch (RedisLink.Down e) {
            // rate limits go on in this process's own buckets: the limit holds per replica until Redis returns
            events.redisFallback(RedisUse.RATE_LIMITS);
            return local.admit(buckets);
        }
        List<State> states = new ArrayList<>();
        for (int i = 0; i < buckets.size(); i++) {
            states.add(new State(buckets.get(i), (Long) out.get(2 + 2 * i),
                    Duration.ofMillis((Long) out.get(3 + 2 * i))));
        }
        return new Admission((Long) out.get(0) == 1, Duration.ofMillis((Long) out.get(1)), states);
    }

    @Override
    public void close() {
        link.close();
    }
}
