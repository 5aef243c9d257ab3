package dev.ladder.config;

import java.util.List;
import java.util.Optional;

/**
 * Reads {@code state} ({@link StateConfig}): the PostgreSQL database and the Redis server that replicas share. Both
 * values are secrets (a URL may carry a password) and take {@code ${VAR}}.
 */
final class StateSection {

    static final List<String> KEYS = List.of("database", "redis");

    private StateSection() {
    }

    static StateConfig read(YamlTree node) {
        node.allowKeys(KEYS);
        return new StateConfig(postgresUrl(node.get("database"),
                "leave it out to keep the decision log, keys and jobs in SQLite under server.data_dir"),
                redisUrl(node.get("redis")));
    }

    /** A PostgreSQL URL ({@code jdbc:postgresql://...}, {@code postgresql://...}); blank is none. */
    static Optional<String> postgresUrl(YamlTree node, String otherwise) {
        YamlTree db = node.secret();
        return db.check(db.string(), s -> s.isBlank() || s.startsWith("jdbc:postgresql:")
                || s.startsWith("postgresql:") || s.startsWith("postgres:"),
                "must be a PostgreSQL URL (jdbc:postgresql://... or postgresql://user:password@host:port/db); "
                        + otherwise)
                .filter(s -> !s.isBlank());
    }

    /** A {@code redis://} or {@code rediss://} URL. */
    static Optional<String> redisUrl(YamlTree node) {
        YamlTree url = node.secret();
        return url.check(url.string(), s -> s.startsWith("redis://") || s.startsWith("rediss://"),
                "must be a redis:// or rediss:// URL");
    }
}
