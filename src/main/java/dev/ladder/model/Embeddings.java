package dev.ladder.model;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;

/** The vectors of an embeddings request, one per input in input order, and the tokens the inputs used. */
public record Embeddings(List<float[]> vectors, int promptTokens) {

    public Embeddings {
        List<float[]> copy = new ArrayList<>(vectors.size());
        for (float[] v : vectors) {
            copy.add(requireNonNull(v, "vector is null").clone());
        }
        vectors = List.copyOf(copy);
        if (promptTokens < 0) {
            throw new IllegalArgumentException("promptTokens must be >= 0");
        }
    }

    public Usage usage() {
        return new Usage(promptTokens, 0);
    }
}
