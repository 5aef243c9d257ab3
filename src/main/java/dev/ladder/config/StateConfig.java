package dev.ladder.config;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * {@code state}: where a gateway keeps what replicas share. {@code database} (PostgreSQL) holds the decision log,
 * keys, teams and the spend ledger, the job queue and the webhook outbox; {@code redis} holds the exact cache and
 * budget reservations and rate limits. Without them, each is in this process and its SQLite files under
 * {@code server.data_dir}: the one-machine default. {@code jobs.database}, {@code cache.redis.url} and
 * {@code LADDER_REDIS_URL} still name their own server, and win over these.
 */
public record StateConfig(Optional<String> database, Optional<String> redis) {

    /** Everything in this process and under {@code server.data_dir}. */
    public static final StateConfig LOCAL = new StateConfig(Optional.empty(), Optional.empty());

    public StateConfig {
        requireNonNull(database, "database is null");
        requireNonNull(redis, "redis is null");
    }

    @Override
    public String toString() {
        // both URLs may carry a password
        return "StateConfig[database=" + database.map(d -> "(set)").orElse("(none)") + ", redis="
                + redis.map(r -> "(set)").orElse("(none)") + "]";
    }
}
