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
     * message); one line per check for the decision log.
     */
    record Conclusion(boolean accepted, Optional<String> feedback, String details) {
        public Conclusion {
            requireNonNull(feedback, "feedback is null");
            requireNonNull(details, "details is null");
        }
    }

    Conclusion assess(Optional<String> route, ChatRequest question, ChatResponse answer, ModelCalls calls);
}
