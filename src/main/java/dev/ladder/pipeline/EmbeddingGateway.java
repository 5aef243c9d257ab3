package dev.ladder.pipeline;

import static java.util.Objects.requireNonNull;

import dev.ladder.model.CacheStatus;
import dev.ladder.model.EmbeddingRequest;
import dev.ladder.model.Embeddings;
import java.time.Instant;

/**
 * {@code /v1/embeddings} behind the HTTP edge: finds the deployment, answers from the exact cache or the
 * provider, and records the request in the decision log. Failures are thrown as
 * {@link dev.ladder.model.LadderException}s, after they were recorded.
 */
public interface EmbeddingGateway {

    /** No embedding deployments: every request is for an unknown model. */
    EmbeddingGateway NONE = (requestId, request, context, receivedAt) -> {
        throw new dev.ladder.model.LadderException(new dev.ladder.model.Failure.UnknownModel(request.model()));
    };

    Reply embed(String requestId, EmbeddingRequest request, RequestContext context, Instant receivedAt);

    /** The vectors, the deployment that made them, whether the cache answered, and what it cost or saved. */
    record Reply(Embeddings embeddings, String deployment, CacheStatus cache, double costUsd, double savedCostUsd) {
        public Reply {
            requireNonNull(embeddings, "embeddings is null");
            requireNonNull(deployment, "deployment is null");
            requireNonNull(cache, "cache is null");
        }
    }
}
