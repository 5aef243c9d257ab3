package dev.ladder.providers.simulated;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/** A model's pace: a wait before the first token, then a steady time per token. */
record Timing(Duration firstToken, Duration perToken) {

    Timing {
        requireNonNull(firstToken, "firstToken is null");
        requireNonNull(perToken, "perToken is null");
    }

    static Timing of(SimulatedModelConfig config) {
        return new Timing(config.timeToFirstToken(), Duration.ofNanos(Math.round(1e9 / config.tokensPerSecond())));
    }

    Duration forTokens(int tokens) {
        return perToken.multipliedBy(tokens);
    }

    /** Time to first token plus {@code tokens} tokens: the whole of a non-streamed answer. */
    Duration total(int tokens) {
        return firstToken.plus(forTokens(tokens));
    }
}
