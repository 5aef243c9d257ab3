package dev.ladder.pipeline;

import static java.util.Objects.requireNonNull;

import dev.ladder.model.ChatRequest;
import dev.ladder.model.ChatResponse;
import java.util.Optional;

/**
 * The port through which strategies have an answer validated: by the validators of the request's route
 * ({@code x-ladder-feature}), a judge among them calling its model through {@code calls}. Implemented by
 * {@code validate.Validation}.
 */
@FunctionalInterface
public interface AnswerValidation {

    /**
     * What validation concluded: accepted or not; what to tell the next model when not (the failure's
     * message); one line per check for the decision log; {@code unusable} when the answer is not the JSON the
     * request (or its route) requires, so a client cannot use it at all: with no tier left to ask, that ends
     * as an error rather than as this answer.
     */
    record Conclusion(boolean accepted, Optional<String> feedback, String details, boolean unusable) {
        public Conclusion {
            requireNonNull(feedback, "feedback is null");
            requireNonNull(details, "details is null");
            if (accepted && unusable) {
                throw new IllegalArgumentException("an accepted answer is usable");
            }
        }

        /** A conclusion about an answer the client could use. */
        public Conclusion(boolean accepted, Optional<String> feedback, String details) {
            this(accepted, feedback, details, false);
        }
    }

    Conclusion assess(Optional<String> route, ChatRequest question, ChatResponse answer, ModelCalls calls);
}
