package dev.ladder.cli;

import dev.ladder.cache.Admission;
import dev.ladder.cache.CacheConfig;
import dev.ladder.cache.ExactCache;
import dev.ladder.cache.ExactCacheStage;
import dev.ladder.cache.MemoryCacheStore;
import dev.ladder.cache.ResponseCaches;
import dev.ladder.cache.SemanticCache;
import dev.ladder.cache.SemanticCacheStage;
import dev.ladder.cache.SemanticGuard;
import dev.ladder.embed.Embedders;
import dev.ladder.model.RedisHealth;
import dev.ladder.pipeline.CacheAdmin;
import dev.ladder.pipeline.CacheStore;
import dev.ladder.pipeline.GatewayEvents;
import dev.ladder.pipeline.SemanticFeed;
import dev.ladder.pipeline.Stage;
import dev.ladder.store.RedisCacheStore;
import dev.ladder.store.RedisSemanticFeed;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The response-cache layers a configuration asks for: their stages (in path order), admin view and store. */
record Caches(List<Stage> stages, CacheAdmin admin, Optional<CacheStore> store, Optional<SemanticFeed> feed)
        implements AutoCloseable {

    /** {@code events} hears when the exact cache's Redis goes down or comes back, and each fail-open decision. */
    static Caches create(CacheConfig config, InstantSource clock, Admission admission, GatewayEvents events) {
        List<Stage> stages = new ArrayList<>();
        Optional<CacheStore> store = Optional.empty();
        Optional<ExactCache> exact = Optional.empty();
        Optional<SemanticCache> semantic = Optional.empty();
        Optional<SemanticFeed> feed = Optional.empty();
        if (config.anyExact()) {
            CacheStore s = switch (config.exact().backend()) {
                case MEMORY -> new MemoryCacheStore(config.exact().maxEntries(), config.exact().maxBytes(), clock);
                case REDIS -> RedisCacheStore.connect(config.redis().url().orElseThrow(), config.redis().timeout(),
                        config.redis().keyPrefix(), events, clock);
            };
            store = Optional.of(s);
            exact = Optional.of(new ExactCache(s, clock));
            stages.add(new ExactCacheStage(exact.get(), config, admission));
        }
        if (config.anySemantic()) {
            semantic = Optional.of(new SemanticCache(Embedders.miniLm(), new SemanticGuard(),
                    config.semantic().maxEntries(), config.semantic().maxBytes(), clock));
            stages.add(new SemanticCacheStage(semantic.get(), config, admission));
            // with a cache Redis, replicas share the semantic layer: each searches its own copy of every entry
            feed = config.redis().url().map(url -> RedisSemanticFeed.connect(url, config.redis().timeout(),
                    config.redis().keyPrefix(), config.semantic().maxEntries(), events, clock));
            feed.ifPresent(semantic.get()::share);
        }
        return new Caches(List.copyOf(stages), new ResponseCaches(exact, semantic), store, feed);
    }

    /** The exact cache's use of Redis, when it is on Redis. */
    List<RedisHealth> redisHealth() {
        return store.filter(RedisCacheStore.class::isInstance).map(s -> List.of(((RedisCacheStore) s).health()))
                .orElse(List.of());
    }

    @Override
    public void close() {
        feed.ifPresent(SemanticFeed::close);
        store.ifPresent(CacheStore::close);
    }
}
