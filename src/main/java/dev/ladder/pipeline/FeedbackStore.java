package dev.ladder.pipeline;

/** Where {@code POST /v1/feedback} puts what it receives. Declared here, implemented by the decision store. */
@FunctionalInterface
public interface FeedbackStore {

    /** Stores the feedback; false (and nothing stored) when no decision has that request id. */
    boolean addFeedback(Feedback feedback);

    /**
     * Stores the feedback only when the request was made with the virtual key {@code keyId}: a key may rate only
     * its own requests (feedback trains the router). False, as for an unknown id, otherwise; a store that cannot
     * tell refuses.
     */
    default boolean addFeedback(Feedback feedback, String keyId) {
        return false;
    }

    /** A store that knows no request: every feedback is for an unknown request id. */
    FeedbackStore NONE = f -> false;
}
