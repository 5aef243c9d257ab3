package dev.ladder.pipeline;

/** Where {@code POST /v1/feedback} puts what it receives. Declared here, implemented by the decision store. */
@FunctionalInterface
public interface FeedbackStore {

    /** Stores the feedback; false (and nothing stored) when no decision has that request id. */
    boolean addFeedback(Feedback feedback);

    /** A store that knows no request: every feedback is for an unknown request id. */
    FeedbackStore NONE = f -> false;
}
