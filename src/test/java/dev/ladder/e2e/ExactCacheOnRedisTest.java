package dev.ladder.e2e;

import dev.ladder.store.RedisCacheStore;
import dev.ladder.testing.LocalRedis;
import dev.ladder.testing.Required;
import java.time.Duration;

/**
 * The exact-cache tests on the Redis backend, against a real redis-server (see {@link LocalRedis}); skipped
 * only when no redis-server can be found on this machine, and then failed in CI (see {@link Required}).
 */
class ExactCacheOnRedisTest extends ExactCacheContract {

    private static final String PREFIX = "ladder-test:" + ProcessHandle.current().pid() + ":";

    @Override
    String backend() {
        return "redis";
    }

    @Override
    String redis() {
        return "{url: '" + Required.redis() + "', key_prefix: '" + PREFIX + "'}";
    }

    @Override
    void reset() {
        try (RedisCacheStore store = RedisCacheStore.connect(Required.redis(), Duration.ofSeconds(2), PREFIX)) {
            store.removePrefix("");
        }
    }
}
