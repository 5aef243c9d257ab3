package dev.ladder.access;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;

/**
 * Requests and tokens per minute, as token buckets that refill continuously (a limit of 60 RPM holds 60 requests
 * and gains one a second). A request is admitted on every bucket or on none. In memory ({@link MemoryRateLimiter})
 * or on Redis (in {@code store}) so that replicas share the buckets.
 */
public interface RateLimiter {

    /** Takes {@code bucket.cost()} from each bucket, or nothing when any has not enough. */
    Admission admit(List<Bucket> buckets);

    /** One bucket: its name ({@code rpm:key:<id>}), its capacity per minute, and what this request takes. */
    record Bucket(String name, Kind kind, long perMinute, long cost) {
        public Bucket {
            requireNonNull(name, "name is null");
            requireNonNull(kind, "kind is null");
            if (perMinute <= 0 || cost < 0) {
                throw new IllegalArgumentException("perMinute must be > 0 and cost >= 0");
            }
        }
    }

    enum Kind {
        REQUESTS, TOKENS
    }

    /** A bucket after the decision: what is left, and how long until it is full again. */
    record State(Bucket bucket, long remaining, Duration untilFull) {
    }

    /**
     * The decision: admitted or not; when not, {@code retryAfter} is how long until the short bucket holds
     * enough. {@code states} are every bucket's state, for the {@code x-ratelimit-*} headers.
     */
    record Admission(boolean admitted, Duration retryAfter, List<State> states) {
        public Admission {
            requireNonNull(retryAfter, "retryAfter is null");
            states = List.copyOf(states);
        }
    }

    RateLimiter NONE = buckets -> new Admission(true, Duration.ZERO, List.of());
}
