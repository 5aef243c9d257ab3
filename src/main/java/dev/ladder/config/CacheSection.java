package dev.ladder.config;

import dev.ladder.cache.CacheConfig;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/** Reads {@code cache}: the exact and semantic response caches, the Redis backend, per-route overrides. */
final class CacheSection {

    static final List<String> KEYS = List.of("exact", "semantic", "redis", "routes");
    static final List<String> EXACT_KEYS = List.of("enabled", "ttl", "max_entries", "max_bytes", "backend");
    static final List<String> SEMANTIC_KEYS = List.of("enabled", "threshold", "ttl", "max_entries", "max_bytes");
    static final List<String> REDIS_KEYS = List.of("url", "timeout", "key_prefix");
    static final List<String> ROUTE_KEYS = List.of("exact", "ttl", "semantic", "threshold", "semantic_ttl");
    private static final List<String> BACKENDS = List.of("memory", "redis");

    private CacheSection() {
    }

    /**
     * {@code cache}; {@code sharedRedis} (state) is the Redis of a {@code cache.redis} without a URL, and the exact
     * cache's backend when {@code cache.exact.backend} is not given.
     */
    static CacheConfig read(YamlTree node, Optional<String> sharedRedis) {
        node.allowKeys(KEYS);
        CacheConfig.Exact exact = exact(node.get("exact"), sharedRedis.isPresent());
        CacheConfig.Semantic semantic = semantic(node.get("semantic"));
        CacheConfig.Redis redis = redis(node.get("redis"), sharedRedis);
        Map<String, CacheConfig.Route> routes = new LinkedHashMap<>();
        node.get("routes").entries().forEach((name, route) -> routes.put(name, route(route)));
        if (exact.backend() == CacheConfig.Backend.REDIS && redis.url().isEmpty()) {
            node.get("redis").get("url").error("is required when cache.exact.backend is redis (or set state.redis)");
            return new CacheConfig(new CacheConfig.Exact(exact.enabled(), exact.ttl(), exact.maxEntries(),
                    exact.maxBytes(), CacheConfig.Backend.MEMORY), semantic, redis, routes);
        }
        return new CacheConfig(exact, semantic, redis, routes);
    }

    private static CacheConfig.Exact exact(YamlTree node, boolean sharedRedis) {
        CacheConfig.Exact d = CacheConfig.Exact.DEFAULTS;
        node.allowKeys(EXACT_KEYS);
        YamlTree maxEntries = node.get("max_entries");
        YamlTree maxBytes = node.get("max_bytes");
        CacheConfig.Backend backend = node.get("backend").oneOf("backend", BACKENDS)
                .map(b -> b.equals("redis") ? CacheConfig.Backend.REDIS : CacheConfig.Backend.MEMORY)
                .orElse(sharedRedis ? CacheConfig.Backend.REDIS : d.backend());
        return new CacheConfig.Exact(node.get("enabled").bool().orElse(d.enabled()), ttl(node.get("ttl"), d.ttl()),
                maxEntries.positiveInt().map(Integer::longValue).orElse(d.maxEntries()),
                maxBytes.check(maxBytes.parsed(Sizes::parse), b -> b > 0, "must be > 0").orElse(d.maxBytes()),
                backend);
    }

    private static CacheConfig.Semantic semantic(YamlTree node) {
        CacheConfig.Semantic d = CacheConfig.Semantic.DEFAULTS;
        node.allowKeys(SEMANTIC_KEYS);
        YamlTree maxBytes = node.get("max_bytes");
        return new CacheConfig.Semantic(node.get("enabled").bool().orElse(d.enabled()),
                threshold(node.get("threshold")).orElse(d.threshold()), ttl(node.get("ttl"), d.ttl()),
                node.get("max_entries").positiveInt().orElse(d.maxEntries()),
                maxBytes.check(maxBytes.parsed(Sizes::parse), b -> b > 0, "must be > 0").orElse(d.maxBytes()));
    }

    private static CacheConfig.Redis redis(YamlTree node, Optional<String> sharedRedis) {
        CacheConfig.Redis d = CacheConfig.Redis.DEFAULTS;
        node.allowKeys(REDIS_KEYS);
        Optional<String> u = StateSection.redisUrl(node.get("url")).or(() -> sharedRedis);
        return new CacheConfig.Redis(u, ttl(node.get("timeout"), d.timeout()),
                node.get("key_prefix").string().orElse(d.keyPrefix()));
    }

    private static CacheConfig.Route route(YamlTree node) {
        node.allowKeys(ROUTE_KEYS);
        YamlTree ttl = node.get("ttl");
        YamlTree semanticTtl = node.get("semantic_ttl");
        Optional<Double> threshold = threshold(node.get("threshold"));
        return new CacheConfig.Route(node.get("exact").bool(), positive(ttl),
                node.get("semantic").bool(),
                threshold.map(OptionalDouble::of).orElse(OptionalDouble.empty()), positive(semanticTtl));
    }

    private static Duration ttl(YamlTree node, Duration fallback) {
        return positive(node).orElse(fallback);
    }

    private static Optional<Duration> positive(YamlTree node) {
        return node.check(node.parsed(Durations::parse), d -> !d.isNegative() && !d.isZero(), "must be > 0");
    }

    private static Optional<Double> threshold(YamlTree node) {
        return node.check(node.number(), t -> t > 0 && t <= 1, "must be > 0 and <= 1");
    }
}
