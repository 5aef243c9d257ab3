package dev.ladder.providers.local;

import static java.util.Objects.requireNonNull;

import dev.ladder.embed.Embedder;
import dev.ladder.model.EmbeddingRequest;
import dev.ladder.model.Embeddings;
import dev.ladder.model.LadderException;
import dev.ladder.pipeline.EmbeddingProvider;
import dev.ladder.wire.Tokens;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The embedding model that ships inside Ladder (all-MiniLM-L6-v2, 384 dimensions, unit length), served as an
 * embedding deployment: no key, no network, no cost. The model loads on first use. Its vectors have one size,
 * so {@code dimensions} other than that is refused; usage counts tokens with the gateway's tokenizer (the
 * model's own cuts input at its window, which is what {@link Embedder#truncates} reports).
 */
public final class LocalEmbeddingProvider implements EmbeddingProvider {

    private final Embedder embedder;

    public LocalEmbeddingProvider(Embedder embedder) {
        this.embedder = requireNonNull(embedder, "embedder is null");
    }

    @Override
    public Embeddings embed(EmbeddingRequest request, String upstreamModel, String requestId, Duration timeout) {
        if (request.dimensions().isPresent() && request.dimensions().get() != embedder.dimensions()) {
            throw LadderException.badRequest("Model " + request.model() + " (" + embedder.name() + ") makes "
                    + embedder.dimensions() + "-dimensional embeddings; 'dimensions' must be " + embedder.dimensions()
                    + " or left out.", "dimensions");
        }
        List<float[]> vectors = new ArrayList<>(request.inputs().size());
        int tokens = 0;
        for (String text : request.inputs()) {
            vectors.add(embedder.embed(text));
            tokens += Tokens.count(text);
        }
        return new Embeddings(vectors, tokens);
    }

    @Override
    public String toString() {
        return "LocalEmbeddingProvider[" + embedder.name() + "]";
    }
}
