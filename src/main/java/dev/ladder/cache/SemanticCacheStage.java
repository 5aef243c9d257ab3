package dev.ladder.cache;

import static java.util.Objects.requireNonNull;

import dev.ladder.model.CacheStatus;
import dev.ladder.pipeline.CacheDirective;
import dev.ladder.pipeline.CacheLayer;
import dev.ladder.pipeline.Exchange;
import dev.ladder.pipeline.Reply;
import dev.ladder.pipeline.Stage;
import java.lang.System.Logger.Level;
import java.util.Optional;

/**
 * After the exact cache: answers a request whose last user turn means the same as an earlier one with the
 * same context, on routes that opt in ({@link SemanticCache} says what a match needs). A request it cannot
 * match on passes untouched: its last message is not a plain-text user turn, or the turn is longer than the
 * embedding model reads. {@code Cache-Control} is obeyed as in the exact layer.
 */
public final class SemanticCacheStage implements Stage {

    private static final System.Logger LOG = System.getLogger(SemanticCacheStage.class.getName());

    private final SemanticCache cache;
    private final CacheConfig config;
    private final Admission admission;

    public SemanticCacheStage(SemanticCache cache, CacheConfig config, Admission admission) {
        this.cache = requireNonNull(cache, "cache is null");
        this.config = requireNonNull(config, "config is null");
        this.admission = Admission.COMPLETE.and(requireNonNull(admission, "admission is null"));
    }

    @Override
    public Reply handle(Exchange exchange, Chain chain) {
        CacheScope scope = CacheScope.of(exchange.context());
        CacheConfig.RoutePolicy policy = config.policy(scope.route());
        CacheDirective directive = exchange.context().cacheDirective();
        // the route has not opted in, or the caller forbids storing
        if (!policy.semantic() || !directive.mayStore()) {
            return chain.proceed(exchange);
        }
        Optional<SemanticCache.Query> query = query(exchange);
        // nothing this layer can safely match on
        if (query.isEmpty()) {
            return chain.proceed(exchange);
        }
        SemanticCache.Key key = new SemanticCache.Key(scope,
                CanonicalRequest.contextHash(exchange.request(), exchange.context()));
        if (directive.mayLookUp()) {
            Optional<SemanticCache.Match> match = cache.lookup(key, query.get(), policy.threshold());
            exchange.events().cacheLookup(exchange, CacheLayer.SEMANTIC, match.isPresent());
            if (match.isPresent()) {
                cache.hit(match.get().costUsd());
                exchange.servedFromCache(CacheStatus.SEMANTIC, match.get().costUsd());
                return match.get().reply(exchange.request().stream());
            }
            cache.miss();
            exchange.cacheStatus(CacheStatus.MISS);
        }
        Reply reply = chain.proceed(exchange);
        if (exchange.cacheStatus().isHit()) {
            return reply;
        }
        return Capture.whenComplete(reply, exchange, admission,
                fresh -> cache.put(key, query.get(), fresh, policy.semanticTtl()));
    }

    private Optional<SemanticCache.Query> query(Exchange exchange) {
        Optional<String> turn = CanonicalRequest.lastUserTurn(exchange.request());
        if (turn.isEmpty()) {
            return Optional.empty();
        }
        try {
            return cache.query(turn.get());
        } catch (RuntimeException e) {
            // an embedding failure must not fail the request: it is answered without this layer
            LOG.log(Level.WARNING, "semantic cache skipped, embedding failed: " + e);
            return Optional.empty();
        }
    }
}
