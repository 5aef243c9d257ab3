package dev.ladder.pipeline;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Where the exact cache keeps its answers: opaque bytes under string keys, each with its own time to live.
 * Declared here, implemented in memory ({@code dev.ladder.cache}) and in Redis ({@code dev.ladder.store}, so
 * replicas share one). Implementations are safe for concurrent use; one that cannot reach its backend throws
 * an unchecked exception, which the cache treats as a miss.
 */
public interface CacheStore extends AutoCloseable {

    Optional<byte[]> get(String key);

    /** Stores {@code value} under {@code key} for {@code ttl} (> 0), replacing what was there. */
    void put(String key, byte[] value, Duration ttl);

    /** Removes one key; returns 1 when it was there, else 0. */
    long remove(String key);

    /** Removes every key that starts with {@code prefix} ({@code ""}: every key); returns how many. */
    long removePrefix(String prefix);

    /** What the store holds now: entries, and bytes when the store can tell without reading every value. */
    Size size();

    @Override
    void close();

    record Size(long entries, OptionalLong bytes) {
        public Size {
            if (entries < 0) {
                throw new IllegalArgumentException("entries must be >= 0");
            }
            java.util.Objects.requireNonNull(bytes, "bytes is null");
        }
    }
}
