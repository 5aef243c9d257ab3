package dev.ladder.pipeline;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.function.Consumer;

/**
 * How replicas share the semantic cache: each publishes the entries it stores (with their embedding), and each
 * adds the entries the others publish to its own in-memory index, which it searches locally. Implemented on Redis
 * ({@code dev.ladder.store}). Sharing fails open: an entry that cannot be published is only in this replica's
 * index, and one that is never received is a miss elsewhere.
 */
public interface SemanticFeed extends AutoCloseable {

    /** One semantic entry: its scope ({@code tenant}, {@code route}), context hash, text, unit vector, answer. */
    record Entry(String tenant, String route, String context, String text, float[] vector, byte[] answer,
            Instant expiresAt) {
        public Entry {
            requireNonNull(tenant, "tenant is null");
            requireNonNull(route, "route is null");
            requireNonNull(context, "context is null");
            requireNonNull(text, "text is null");
            requireNonNull(vector, "vector is null");
            requireNonNull(answer, "answer is null");
            requireNonNull(expiresAt, "expiresAt is null");
        }
    }

    /** Sends {@code entry} to the other replicas; never waits for Redis and never throws for it. */
    void publish(Entry entry);

    /**
     * From now on, hands {@code sink} every entry another replica published: those already in the feed first,
     * then new ones as they come. Called once.
     */
    void subscribe(Consumer<Entry> sink);

    @Override
    void close();
}
