package dev.ladder.cache;

import static java.util.Objects.requireNonNull;

import dev.ladder.pipeline.CacheAdmin.LayerStats;
import dev.ladder.pipeline.CacheLayer;
import dev.ladder.pipeline.CacheStore;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The exact layer over a {@link CacheStore}: answers under {@code <tenant id>:<route id>:<request hash>}.
 * Expiry is decided here, by the injected clock, and the store's own time to live only frees the space, so
 * every backend expires alike (and tests can advance time). The cache never fails a request: a store that
 * cannot be reached or an entry that cannot be read is a miss, logged at most once a minute.
 */
public final class ExactCache {

    private static final System.Logger LOG = System.getLogger(ExactCache.class.getName());
    private static final long LOG_EVERY_MILLIS = 60_000;

    private final CacheStore store;
    private final InstantSource clock;
    private final Counters counters = new Counters();
    private final AtomicLong lastWarning = new AtomicLong();

    public ExactCache(CacheStore store, InstantSource clock) {
        this.store = requireNonNull(store, "store is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** The key of a request's answer: scope prefix and request hash. */
    static String key(CacheScope scope, String requestHash) {
        return scope.prefix() + requestHash;
    }

    Optional<CachedAnswer> get(String key) {
        Optional<byte[]> bytes;
        try {
            bytes = store.get(key);
        } catch (RuntimeException e) {
            warn("cache store lookup failed, answering without it: " + e);
            return Optional.empty();
        }
        if (bytes.isEmpty()) {
            return Optional.empty();
        }
        try {
            CachedAnswer answer = CachedAnswer.decode(bytes.get());
            if (answer.isExpiredAt(clock.instant())) {
                remove(key);
                return Optional.empty();
            }
            return Optional.of(answer);
        } catch (IllegalArgumentException e) {
            warn("unreadable cache entry dropped: " + e.getMessage());
            remove(key);
            return Optional.empty();
        }
    }

    void put(String key, CachedAnswer.Fresh fresh, Duration ttl) {
        try {
            store.put(key, fresh.expiringAt(clock.instant().plus(ttl)).encode(), ttl);
        } catch (RuntimeException e) {
            warn("cache store write failed, answer not cached: " + e);
        }
    }

    void hit(double savedCostUsd) {
        counters.hit(savedCostUsd);
    }

    void miss() {
        counters.miss();
    }

    long removeKey(String key) {
        return store.remove(key);
    }

    long removePrefix(String prefix) {
        return store.removePrefix(prefix);
    }

    LayerStats stats() {
        return counters.stats(CacheLayer.EXACT, store.size());
    }

    private void remove(String key) {
        try {
            store.remove(key);
        } catch (RuntimeException e) {
            warn("cache store delete failed: " + e);
        }
    }

    private void warn(String message) {
        long now = System.currentTimeMillis();
        long last = lastWarning.get();
        if (now - last >= LOG_EVERY_MILLIS && lastWarning.compareAndSet(last, now)) {
            LOG.log(Level.WARNING, message);
        }
    }
}
