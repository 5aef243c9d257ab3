package dev.ladder.pipeline;

import dev.ladder.model.EmbeddingRequest;
import dev.ladder.model.Embeddings;
import java.time.Duration;

/**
 * Where embeddings come from: an upstream's embeddings API, or a model in process. Implementations are safe
 * for concurrent use; failures are thrown as {@link dev.ladder.model.LadderException}s.
 */
public interface EmbeddingProvider extends AutoCloseable {

    /** The vectors of {@code request}'s inputs from model {@code upstreamModel}, within {@code timeout}. */
    Embeddings embed(EmbeddingRequest request, String upstreamModel, String requestId, Duration timeout);

    @Override
    default void close() {
    }
}
