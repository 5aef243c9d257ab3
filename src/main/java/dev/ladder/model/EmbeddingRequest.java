package dev.ladder.model;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * An embeddings request: the model the client named, the texts to embed (in order), the number of dimensions
 * it asked for (models that can shorten their vectors), and the end user. How the vectors are encoded on the
 * wire is the front door's business, not the deployment's.
 */
public record EmbeddingRequest(String model, List<String> inputs, Optional<Integer> dimensions, Optional<String> user) {

    public EmbeddingRequest {
        requireNonNull(model, "model is null");
        inputs = List.copyOf(inputs);
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("inputs is empty");
        }
        requireNonNull(dimensions, "dimensions is null");
        requireNonNull(user, "user is null");
    }
}
