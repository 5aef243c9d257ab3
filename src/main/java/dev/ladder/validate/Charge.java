package dev.ladder.validate;

import static java.util.Objects.requireNonNull;

import dev.ladder.model.ModelSpec;
import dev.ladder.model.Usage;

/** What a validator spent calling a model: the caller bills it like any upstream call. */
public record Charge(ModelSpec model, Usage usage) {

    public Charge {
        requireNonNull(model, "model is null");
        requireNonNull(usage, "usage is null");
    }
}
