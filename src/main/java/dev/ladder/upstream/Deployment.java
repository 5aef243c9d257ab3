package dev.ladder.upstream;

import static java.util.Objects.requireNonNull;

import dev.ladder.model.ModelSpec;
import dev.ladder.pipeline.Provider;
import java.time.Duration;

/** A model bound to the provider that serves it and the per-call timeout of that provider. */
public record Deployment(ModelSpec model, Provider provider, Duration timeout) {

    public Deployment {
        requireNonNull(model, "model is null");
        requireNonNull(provider, "provider is null");
        requireNonNull(timeout, "timeout is null");
    }
}
