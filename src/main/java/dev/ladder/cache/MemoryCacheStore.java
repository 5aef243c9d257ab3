package dev.ladder.cache;

import static java.util.Objects.requireNonNull;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.ladder.pipeline.CacheStore;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Executor;

/**
 * The exact layer's store in this process: a Caffeine cache bounded by entries and by bytes, each entry
 * with its own time to live, read from an injected clock. Caffeine bounds a cache by count or by weight, not
 * both, so both go into the weight: an entry weighs its bytes, but at least {@code maxBytes / maxEntries};
 * the total weight stays under {@code maxBytes}, so the bytes do, and the count stays under
 * {@code maxEntries}. Eviction is Caffeine's (W-TinyLFU).
 */
public final class MemoryCacheStore implements CacheStore {

    /** What an entry costs beyond its key and value: map node, holder, timer wheel links. */
    static final int ENTRY_OVERHEAD_BYTES = 96;

    private final Cache<String, Value> cache;

    private record Value(byte[] bytes, Duration ttl) {
        long size(String key) {
            return ENTRY_OVERHEAD_BYTES + 2L * key.length() + bytes.length;
        }
    }

    /** A store reading time from {@code clock}; maintenance runs on Caffeine's default executor. */
    public MemoryCacheStore(long maxEntries, long maxBytes, InstantSource clock) {
        this(maxEntries, maxBytes, clock, null);
    }

    /** As above, with maintenance on {@code executor} ({@code Runnable::run} makes it synchronous, for tests). */
    MemoryCacheStore(long maxEntries, long maxBytes, InstantSource clock, Executor executor) {
        requireNonNull(clock, "clock is null");
        if (maxEntries <= 0 || maxBytes <= 0) {
            throw new IllegalArgumentException("maxEntries and maxBytes must be > 0");
        }
        long floor = Math.max(1, (maxBytes + maxEntries - 1) / maxEntries);
        Caffeine<String, Value> builder = Caffeine.newBuilder()
                .ticker(ticker(clock))
                .maximumWeight(maxBytes)
                .weigher((String key, Value v) -> (int) Math.min(Integer.MAX_VALUE, Math.max(floor, v.size(key))))
                .expireAfter(Expiry.writing((String key, Value v) -> v.ttl()));
        if (executor != null) {
            builder.executor(executor);
        }
        this.cache = builder.build();
    }

    private static Ticker ticker(InstantSource clock) {
        return () -> {
            var now = clock.instant();
            return now.getEpochSecond() * 1_000_000_000L + now.getNano();
        };
    }

    @Override
    public Optional<byte[]> get(String key) {
        return Optional.ofNullable(cache.getIfPresent(key)).map(Value::bytes);
    }

    @Override
    public void put(String key, byte[] value, Duration ttl) {
        requireNonNull(value, "value is null");
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("ttl must be > 0");
        }
        cache.put(key, new Value(value, ttl));
    }

    @Override
    public long remove(String key) {
        return cache.asMap().remove(key) != null ? 1 : 0;
    }

    @Override
    public long removePrefix(String prefix) {
        long[] removed = {0};
        cache.asMap().keySet().removeIf(k -> {
            boolean match = k.startsWith(prefix);
            if (match) {
                removed[0]++;
            }
            return match;
        });
        return removed[0];
    }

    @Override
    public Size size() {
        cache.cleanUp();
        long[] bytes = {0};
        long[] entries = {0};
        cache.asMap().forEach((k, v) -> {
            entries[0]++;
            bytes[0] += v.size(k);
        });
        return new Size(entries[0], OptionalLong.of(bytes[0]));
    }

    @Override
    public void close() {
        cache.invalidateAll();
    }
}
