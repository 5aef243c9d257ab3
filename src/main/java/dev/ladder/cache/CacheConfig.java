package dev.ladder.cache;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The response caches' settings ({@code cache} in the config file). Both layers are off unless turned on:
 * an exact hit replays an answer that a sampling request ({@code temperature > 0}) would not have got twice,
 * and a semantic hit answers a different text, so each route opts in. {@code routes} override the layer
 * defaults per route (the {@code x-ladder-feature} tag; requests without one are route {@value #DEFAULT_ROUTE}).
 */
public record CacheConfig(Exact exact, Semantic semantic, Redis redis, Map<String, Route> routes) {

    /** The route of requests that carry no {@code x-ladder-feature} tag. */
    public static final String DEFAULT_ROUTE = "default";

    public static final CacheConfig DEFAULTS = new CacheConfig(Exact.DEFAULTS, Semantic.DEFAULTS, Redis.DEFAULTS,
            Map.of());

    public CacheConfig {
        requireNonNull(exact, "exact is null");
        requireNonNull(semantic, "semantic is null");
        requireNonNull(redis, "redis is null");
        routes = Map.copyOf(routes);
        if (exact.backend() == Backend.REDIS && redis.url().isEmpty()) {
            throw new IllegalArgumentException("cache.redis.url is required when cache.exact.backend is redis");
        }
    }

    /** The settings that apply to {@code route}: its overrides over the layer defaults. */
    public RoutePolicy policy(String route) {
        Route r = routes.getOrDefault(route, Route.NONE);
        return new RoutePolicy(r.exact().orElse(exact.enabled()), r.ttl().orElse(exact.ttl()),
                r.semantic().orElse(semantic.enabled()), r.threshold().orElse(semantic.threshold()),
                r.semanticTtl().orElse(semantic.ttl()));
    }

    /** True when some route (or the default) uses the exact layer. */
    public boolean anyExact() {
        return exact.enabled() || routes.values().stream().anyMatch(r -> r.exact().orElse(false));
    }

    /** True when some route (or the default) uses the semantic layer. */
    public boolean anySemantic() {
        return semantic.enabled() || routes.values().stream().anyMatch(r -> r.semantic().orElse(false));
    }

    public enum Backend {
        MEMORY,
        REDIS;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The exact layer: on or off by default, TTL, bounds (of the memory backend), and where entries live. */
    public record Exact(boolean enabled, Duration ttl, long maxEntries, long maxBytes, Backend backend) {

        public static final Duration DEFAULT_TTL = Duration.ofHours(1);
        public static final long DEFAULT_MAX_ENTRIES = 100_000;
        public static final long DEFAULT_MAX_BYTES = 256L * 1024 * 1024;
        public static final Exact DEFAULTS = new Exact(false, DEFAULT_TTL, DEFAULT_MAX_ENTRIES, DEFAULT_MAX_BYTES,
                Backend.MEMORY);

        public Exact {
            Checks.positive(ttl, "ttl");
            requireNonNull(backend, "backend is null");
            if (maxEntries <= 0) {
                throw new IllegalArgumentException("max_entries must be > 0");
            }
            if (maxBytes <= 0) {
                throw new IllegalArgumentException("max_bytes must be > 0");
            }
        }
    }

    /**
     * The semantic layer: on or off by default, the cosine similarity a match needs (calibrated for the
     * shipped embedding model, see docs/cache.md), TTL and memory bounds.
     */
    public record Semantic(boolean enabled, double threshold, Duration ttl, int maxEntries, long maxBytes) {

        public static final double DEFAULT_THRESHOLD = 0.9625;
        public static final Duration DEFAULT_TTL = Duration.ofHours(1);
        public static final int DEFAULT_MAX_ENTRIES = 100_000;
        public static final long DEFAULT_MAX_BYTES = 512L * 1024 * 1024;
        public static final Semantic DEFAULTS = new Semantic(false, DEFAULT_THRESHOLD, DEFAULT_TTL,
                DEFAULT_MAX_ENTRIES, DEFAULT_MAX_BYTES);

        public Semantic {
            Checks.checkThreshold(threshold);
            Checks.positive(ttl, "ttl");
            if (maxEntries <= 0) {
                throw new IllegalArgumentException("max_entries must be > 0");
            }
            if (maxBytes <= 0) {
                throw new IllegalArgumentException("max_bytes must be > 0");
            }
        }
    }

    /** The Redis server of the exact layer's {@code redis} backend. The URL may hold a password. */
    public record Redis(Optional<String> url, Duration timeout, String keyPrefix) {

        public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(500);
        public static final String DEFAULT_KEY_PREFIX = "ladder:cache:";
        public static final Redis DEFAULTS = new Redis(Optional.empty(), DEFAULT_TIMEOUT, DEFAULT_KEY_PREFIX);

        public Redis {
            requireNonNull(url, "url is null");
            Checks.positive(timeout, "timeout");
            requireNonNull(keyPrefix, "keyPrefix is null");
        }

        @Override
        public String toString() {
            return "Redis[url=" + url.map(u -> "****").orElse("none") + ", timeout=" + timeout + ", keyPrefix="
                    + keyPrefix + "]";
        }
    }

    /** One route's overrides; an empty field takes the layer default. */
    public record Route(Optional<Boolean> exact, Optional<Duration> ttl, Optional<Boolean> semantic,
            OptionalDouble threshold, Optional<Duration> semanticTtl) {

        public static final Route NONE = new Route(Optional.empty(), Optional.empty(), Optional.empty(),
                OptionalDouble.empty(), Optional.empty());

        public Route {
            requireNonNull(exact, "exact is null");
            ttl.ifPresent(t -> Checks.positive(t, "ttl"));
            requireNonNull(semantic, "semantic is null");
            threshold.ifPresent(Checks::checkThreshold);
            semanticTtl.ifPresent(t -> Checks.positive(t, "semantic_ttl"));
        }
    }

    /** The resolved settings of one route. */
    public record RoutePolicy(boolean exact, Duration exactTtl, boolean semantic, double threshold,
            Duration semanticTtl) {
    }

    /** Checks shared by the nested records; a class of its own so they don't initialise CacheConfig early. */
    private static final class Checks {

        private Checks() {
        }

        static void positive(Duration d, String name) {
            requireNonNull(d, name + " is null");
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be > 0");
            }
        }

        static void checkThreshold(double t) {
            if (!(t > 0 && t <= 1)) {
                throw new IllegalArgumentException("threshold must be > 0 and <= 1");
            }
        }
    }
}
