package dev.ladder.cache;

import static java.util.Objects.requireNonNull;

import dev.ladder.model.CacheStatus;
import dev.ladder.pipeline.CacheDirective;
import dev.ladder.pipeline.CacheLayer;
import dev.ladder.pipeline.Exchange;
import dev.ladder.pipeline.Reply;
import dev.ladder.pipeline.Stage;
import java.util.Optional;

/**
 * The first stage: answers a request that was answered before, byte for byte after canonicalisation
 * ({@link CanonicalRequest}), within the same tenant and route, and not yet expired. A hit costs nothing
 * and records what it saved. A miss goes down the path, and the answer is stored once it is whole and
 * admitted ({@link Capture}). {@code Cache-Control: no-cache} skips the lookup but stores;
 * {@code no-store} does neither.
 */
public final class ExactCacheStage implements Stage {

    private final ExactCache cache;
    private final CacheConfig config;
    private final Admission admission;

    public ExactCacheStage(ExactCache cache, CacheConfig config, Admission admission) {
        this.cache = requireNonNull(cache, "cache is null");
        this.config = requireNonNull(config, "config is null");
        this.admission = Admission.COMPLETE.and(requireNonNull(admission, "admission is null"));
    }

    @Override
    public Reply handle(Exchange exchange, Chain chain) {
        CacheScope scope = CacheScope.of(exchange.context());
        CacheConfig.RoutePolicy policy = config.policy(scope.route());
        CacheDirective directive = exchange.context().cacheDirective();
        // the route does not cache, or the caller forbids storing: the cache takes no part
        if (!policy.exact() || !directive.mayStore()) {
            return chain.proceed(exchange);
        }
        String key = ExactCache.key(scope, CanonicalRequest.exactHash(exchange.request(), exchange.context()));
        exchange.cacheKey(key);
        if (directive.mayLookUp()) {
            Optional<CachedAnswer> hit = cache.get(key);
            exchange.events().cacheLookup(exchange, CacheLayer.EXACT, hit.isPresent());
            if (hit.isPresent()) {
                cache.hit(hit.get().costUsd());
                exchange.servedFromCache(CacheStatus.EXACT, hit.get().costUsd());
                return hit.get().reply(exchange.request().stream());
            }
            cache.miss();
            exchange.cacheStatus(CacheStatus.MISS);
        }
        Reply reply = chain.proceed(exchange);
        // a later layer answered from its own store: that answer is not this request's to keep
        if (exchange.cacheStatus().isHit()) {
            return reply;
        }
        return Capture.whenComplete(reply, exchange, admission, fresh -> cache.put(key, fresh, policy.exactTtl()));
    }
}
