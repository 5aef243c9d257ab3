package dev.ladder.validate;

/** Why an answer failed validation: a closed set the cascade and the decision log switch on. */
public enum Reason {
    /** Not JSON, or JSON that does not match the requested schema. Always escalates. */
    SCHEMA(true),
    /** The model's own token probabilities say it was guessing. */
    LOW_CONFIDENCE(false),
    /** A configured rule (length, keywords, patterns, final answer, arithmetic) does not hold. */
    RULE(false),
    /** The model declined, or the provider's content filter stopped it. */
    REFUSAL(false),
    /** No content and no tool call. */
    EMPTY(false),
    /** The answer stopped at the token limit. */
    TRUNCATED(false),
    /** The judging model rated the answer below the threshold. */
    SELF_EVAL(false),
    /** Other models, asked the same question, gave a different answer (consensus). */
    DISAGREEMENT(false),
    /** No single check failed, but the weighted score of all of them is below the route's threshold. */
    BELOW_THRESHOLD(false);

    private final boolean alwaysHard;

    Reason(boolean alwaysHard) {
        this.alwaysHard = alwaysHard;
    }

    /** True when a failure for this reason fails the composite whatever the weights say. */
    public boolean alwaysHard() {
        return alwaysHard;
    }
}
