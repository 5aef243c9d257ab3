package dev.ladder.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ladder.cache.CacheConfig;
import dev.ladder.cache.CacheConfig.Backend;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code cache} section: its defaults, a full mapping, and its errors. */
class CacheConfigTest {

    @TempDir
    Path dir;

    @Test
    void cacheDefaults() {
        assertThat(CacheConfig.DEFAULTS).isEqualTo(new CacheConfig(
                new CacheConfig.Exact(false, Duration.ofHours(1), 100_000, 256L * 1024 * 1024, Backend.MEMORY),
                new CacheConfig.Semantic(false, CacheConfig.Semantic.DEFAULT_THRESHOLD, Duration.ofHours(1), 100_000,
                        512L * 1024 * 1024),
                new CacheConfig.Redis(Optional.empty(), Duration.ofMillis(500), "ladder:cache:"), Map.of()));
        assertThat(ConfigLoader.parse(ConfigFixtures.MINIMAL, dir, Map.of()).cache()).isEqualTo(CacheConfig.DEFAULTS);
    }

    @Test
    void aFullCacheSectionMapsToExactlyTheExpectedRecords() {
        String yaml = ConfigFixtures.MINIMAL + """
                cache:
                  exact: {enabled: true, ttl: 2h, max_entries: 5000, max_bytes: 64MiB, backend: redis}
                  semantic: {enabled: false, threshold: 0.95, ttl: 30m, max_entries: 2000, max_bytes: 32MiB}
                  redis: {url: 'redis://:${REDIS_PASSWORD}@cache.internal:6380/2', timeout: 250ms, key_prefix: 'l:'}
                  routes:
                    faq: {ttl: 24h, semantic: true, threshold: 0.98, semantic_ttl: 12h}
                    private: {exact: false}
                """;

        CacheConfig cache = ConfigLoader.parse(yaml, dir, Map.of("REDIS_PASSWORD", "s3cret-pass")).cache();

        assertThat(cache).isEqualTo(new CacheConfig(
                new CacheConfig.Exact(true, Duration.ofHours(2), 5000, 64L * 1024 * 1024, Backend.REDIS),
                new CacheConfig.Semantic(false, 0.95, Duration.ofMinutes(30), 2000, 32L * 1024 * 1024),
                new CacheConfig.Redis(Optional.of("redis://:s3cret-pass@cache.internal:6380/2"), Duration.ofMillis(250),
                        "l:"),
                Map.of("faq", new CacheConfig.Route(Optional.empty(), Optional.of(Duration.ofHours(24)),
                                Optional.of(true), OptionalDouble.of(0.98), Optional.of(Duration.ofHours(12))),
                        "private", new CacheConfig.Route(Optional.of(false), Optional.empty(), Optional.empty(),
                                OptionalDouble.empty(), Optional.empty()))));
        assertThat(cache.toString()).doesNotContain("s3cret-pass");
        assertThat(cache.policy("faq")).isEqualTo(new CacheConfig.RoutePolicy(true, Duration.ofHours(24), true, 0.98,
                Duration.ofHours(12)));
        assertThat(cache.policy("private").exact()).isFalse();
        assertThat(cache.policy("default")).isEqualTo(new CacheConfig.RoutePolicy(true, Duration.ofHours(2), false,
                0.95, Duration.ofMinutes(30)));
        assertThat(cache.anySemantic()).isTrue();
    }

    @Test
    void mistakesAreReportedAtTheirPath() {
        String yaml = ConfigFixtures.MINIMAL + """
                cache:
                  exact: {enabled: yes-please, ttl: 0s, backend: memcached}
                  semantic: {threshold: 1.5, max_entries: 0}
                  redis: {url: 'http://localhost:6379'}
                  routes:
                    faq: {semantic_ttl: 5, thresold: 0.9}
                """;

        assertThat(ConfigFixtures.errors(yaml, dir)).containsExactlyInAnyOrder(
                "cache.exact.enabled: expected true or false, got 'yes-please'",
                "cache.exact.ttl: must be > 0",
                "cache.exact.backend: unknown backend 'memcached'; expected one of memory, redis",
                "cache.semantic.threshold: must be > 0 and <= 1",
                "cache.semantic.max_entries: must be > 0",
                "cache.redis.url: must be a redis:// or rediss:// URL",
                "cache.routes.faq.thresold: unknown key; did you mean 'threshold'?",
                "cache.routes.faq.semantic_ttl: expected a duration like 250ms, 5s, 2m or 1h, got 5");
    }

    @Test
    void theRedisBackendNeedsAUrl() {
        assertThat(ConfigFixtures.errors(ConfigFixtures.MINIMAL + "cache: {exact: {enabled: true, backend: redis}}\n",
                dir)).containsExactly("cache.redis.url: is required when cache.exact.backend is redis (or set state.redis)");
    }
}
