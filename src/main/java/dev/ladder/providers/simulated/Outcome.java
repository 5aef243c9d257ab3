package dev.ladder.providers.simulated;

import java.time.Duration;

/** What a simulated call does, decided once per call from the model's failure rates. */
sealed interface Outcome {

    /** Answers in full. */
    record Answer() implements Outcome {
    }

    /** Answers 500 after the time to first token. */
    record ServerError() implements Outcome {
    }

    /** Answers 429 at once, asking the caller to retry after {@code retryAfter}. */
    record RateLimited(Duration retryAfter) implements Outcome {
    }

    /** Never answers; the caller's timeout (or patience) decides when it ends. */
    record Hang() implements Outcome {
    }

    /** Drops the connection after {@code afterPieces} pieces of content (a non-streamed call gets nothing). */
    record Cut(int afterPieces) implements Outcome {
    }

    /** Drops the connection at once, before any answer. */
    record Reset() implements Outcome {
    }

    /**
     * Stops sending after {@code afterPieces} pieces of content (0: after the role chunk, before any content)
     * and never closes; a non-streamed call never finishes its body.
     */
    record Stall(int afterPieces) implements Outcome {
    }

    /** Sends garbage instead of piece {@code atPiece} (0: the first content); a non-streamed call answers garbage. */
    record Malformed(int atPiece) implements Outcome {
    }
}
