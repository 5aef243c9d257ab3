package dev.ladder.model;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * Whether one use of Redis is served by Redis now: {@code up}, or down since {@code since} because of
 * {@code problem} (a message without the URL's password).
 */
public record RedisHealth(RedisUse use, boolean up, Instant since, Optional<String> problem) {

    public RedisHealth {
        requireNonNull(use, "use is null");
        requireNonNull(since, "since is null");
        requireNonNull(problem, "problem is null");
    }
}
