package dev.ladder.cache;

import static java.util.Objects.requireNonNull;

import dev.ladder.embed.Embedder;
import dev.ladder.model.ChatChunk;
import dev.ladder.model.ChatResponse;
import dev.ladder.pipeline.CacheAdmin.LayerStats;
import dev.ladder.pipeline.CacheLayer;
import dev.ladder.pipeline.CacheStore;
import dev.ladder.pipeline.Reply;
import dev.ladder.pipeline.SemanticFeed;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Predicate;

/**
 * The semantic layer: answers a request whose last user turn means the same as one answered before, in the
 * same scope and context. A match needs three things: the same {@link Key} (tenant, route, and a hash of
 * everything but the last user turn), a cosine similarity of the turns' embeddings at or above the route's
 * threshold, and the {@link SemanticGuard}'s consent (same numbers, negations and names). A text longer than
 * the embedding model reads is never embedded, stored or matched: two such texts that differ past the cut
 * would embed identically. The gateway's stage and {@code ladder cache-eval} both go through this class.
 */
public final class SemanticCache {

    /** How many candidates above the threshold the guard may examine, most similar first. */
    static final int CANDIDATES = 8;

    private final Embedder embedder;
    private final SemanticGuard guard;
    private final SemanticIndex<Key> index;
    private final InstantSource clock;
    private final Counters counters = new Counters();
    private volatile Optional<SemanticFeed> feed = Optional.empty();

    /** Where a semantic entry lives: a scope and the hash of the request's context. */
    public record Key(CacheScope scope, String context) {
        public Key {
            requireNonNull(scope, "scope is null");
            requireNonNull(context, "context is null");
        }
    }

    /** A text ready to be looked up or stored: the text and its embedding. */
    public record Query(String text, float[] vector) {
        public Query {
            requireNonNull(text, "text is null");
            requireNonNull(vector, "vector is null");
        }
    }

    /**
     * A hit: the stored answer (its chunks when it was streamed, and its cost when made), its similarity to the
     * query, and the text it was stored for.
     */
    public record Match(ChatResponse response, Optional<List<ChatChunk>> chunks, double costUsd, double similarity,
            String text) {

        public Match {
            requireNonNull(response, "response is null");
            chunks = requireNonNull(chunks, "chunks is null").map(List::copyOf);
            requireNonNull(text, "text is null");
        }

        Reply reply(boolean stream) {
            return new CachedAnswer(response, chunks, costUsd, Instant.MAX).reply(stream);
        }
    }

    public SemanticCache(Embedder embedder, SemanticGuard guard, int maxEntries, long maxBytes,
            InstantSource clock) {
        this.embedder = requireNonNull(embedder, "embedder is null");
        this.guard = requireNonNull(guard, "guard is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.index = new SemanticIndex<>(embedder.dimensions(), maxEntries, maxBytes);
    }

    /** The query for {@code text}, or empty when it may not be matched: blank, or longer than the model reads. */
    public Optional<Query> query(String text) {
        if (text.isBlank() || embedder.truncates(text)) {
            return Optional.empty();
        }
        return Optional.of(new Query(text, embedder.embed(text)));
    }

    /**
     * The most similar stored answer under {@code key} that reaches {@code threshold}, has not expired, and
     * that the guard lets through; of the {@value #CANDIDATES} most similar, the first the guard accepts.
     */
    public Optional<Match> lookup(Key key, Query query, double threshold) {
        for (SemanticIndex.Hit<Key> hit : index.search(key, query.vector(), threshold, CANDIDATES, clock.instant())) {
            if (guard.objection(query.text(), hit.entry().text).isEmpty()) {
                CachedAnswer answer = CachedAnswer.decode(hit.entry().answer);
                return Optional.of(new Match(answer.response(), answer.chunks(), answer.costUsd(), hit.similarity(),
                        hit.entry().text));
            }
        }
        return Optional.empty();
    }

    /** Stores {@code response} (made at {@code costUsd}) for {@code query} under {@code key} for {@code ttl}. */
    public void put(Key key, Query query, ChatResponse response, double costUsd, Duration ttl) {
        put(key, query, new CachedAnswer.Fresh(response, Optional.empty(), costUsd), ttl);
    }

    void put(Key key, Query query, CachedAnswer.Fresh fresh, Duration ttl) {
        var now = clock.instant();
        byte[] answer = fresh.expiringAt(now.plus(ttl)).encode();
        index.add(key, query.vector(), query.text(), answer, now.plus(ttl), now);
        feed.ifPresent(f -> f.publish(new SemanticFeed.Entry(key.scope().tenant(), key.scope().route(), key.context(),
                query.text(), query.vector(), answer, now.plus(ttl))));
    }

    /**
     * Shares this cache with other replicas through {@code shared}: what this one stores is published, and what
     * the others publish is added to this index (an entry already expired, or of other dimensions, is left out).
     */
    public void share(SemanticFeed shared) {
        requireNonNull(shared, "shared is null");
        feed = Optional.of(shared);
        shared.subscribe(this::received);
    }

    private void received(SemanticFeed.Entry e) {
        var now = clock.instant();
        if (e.expiresAt().isAfter(now) && e.vector().length == embedder.dimensions()) {
            index.add(new Key(new CacheScope(e.tenant(), e.route()), e.context()), e.vector(), e.text(), e.answer(),
                    e.expiresAt(), now);
        }
    }

    void hit(double savedCostUsd) {
        counters.hit(savedCostUsd);
    }

    void miss() {
        counters.miss();
    }

    long removeIf(Predicate<CacheScope> scopes) {
        return index.removeIf(k -> scopes.test(k.scope()));
    }

    LayerStats stats() {
        return counters.stats(CacheLayer.SEMANTIC, new CacheStore.Size(index.entries(),
                OptionalLong.of(index.bytes())));
    }
}
