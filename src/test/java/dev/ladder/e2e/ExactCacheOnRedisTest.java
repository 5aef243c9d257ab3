package dev.ladder.e2e;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ladder.store.RedisCacheStore;
import dev.ladder.testing.LocalRedis;
import java.time.Duration;

/**
 * The exact-cache tests on the Redis backend, against a real redis-server (see {@link LocalRedis}); skipped
 * only when no redis-server can be found on this machine.
 */
class ExactCacheOnRedisTest extends ExactCacheContract {

    private static final String PREFIX = "ladder-test:" + ProcessHandle.current().pid() + ":";

    @Override
    String backend() {
        return "redis";
    }

    @Override
    String redis() {
        return "{url: '" + LocalRedis.url().orElseThrow() + "', key_prefix: '" + PREFIX + "'}";
    }

    @Override
    void reset() {
        assumeTrue(LocalRedis.url().isPresent(), "no redis-server on this machine");
        try (RedisCacheStore store = RedisCacheStore.connect(LocalRedis.url().get(), Duration.ofSeconds(2), PREFIX)) {
            store.removePrefix("");
        }
    }
}
