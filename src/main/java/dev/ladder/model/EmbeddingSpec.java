package dev.ladder.model;

import static java.util.Objects.requireNonNull;

/**
 * An embedding deployment: the public name clients ask for, the provider that serves it ({@link #LOCAL} for
 * the embedding model that ships inside Ladder), the provider's own model id, and its price per million input
 * tokens.
 */
public record EmbeddingSpec(String name, String provider, String upstreamModel, Price price) {

    /** The provider name of the in-jar embedding model. */
    public static final String LOCAL = "local";

    public EmbeddingSpec {
        requireNonNull(name, "name is null");
        requireNonNull(provider, "provider is null");
        requireNonNull(upstreamModel, "upstreamModel is null");
        requireNonNull(price, "price is null");
    }

    public boolean isLocal() {
        return provider.equals(LOCAL);
    }
}
