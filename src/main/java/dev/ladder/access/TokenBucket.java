package dev.ladder.access;

import java.time.Duration;

/** Token-bucket arithmetic shared by the memory and Redis limiters. */
public final class TokenBucket {

    private TokenBucket() {
    }

    /** How long a bucket refilling {@code perMinute} takes to gain {@code tokens} (rounded up to a millisecond). */
    public static Duration timeFor(double tokens, long perMinute) {
        if (tokens <= 0) {
            return Duration.ZERO;
        }
        return Duration.ofMillis((long) Math.ceil(tokens * 60_000.0 / perMinute));
    }
}
