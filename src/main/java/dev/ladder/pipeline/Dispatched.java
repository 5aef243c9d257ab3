package dev.ladder.pipeline;

import static java.util.Objects.requireNonNull;

import dev.ladder.model.ModelSpec;
import dev.ladder.model.Tier;
import java.util.Optional;

/**
 * What the attempt chain returns: the reply and which attempt produced it ({@code seq}, the deployment and its
 * tier). For a stream the attempt is settled (recorded with its usage) when the stream ends or is closed.
 */
public record Dispatched(Reply reply, int seq, ModelSpec model, Optional<Tier> tier) {

    public Dispatched {
        requireNonNull(reply, "reply is null");
        requireNonNull(model, "model is null");
        requireNonNull(tier, "tier is null");
    }
}
