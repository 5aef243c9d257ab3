package dev.ladder.validate;

import static java.util.Objects.requireNonNull;

/**
 * What one validator concluded about one answer. {@link Pass} and {@link Fail} carry a score in [0, 1]
 * (1 = certainly good) that a {@link CompositeValidator} weighs; {@link NotApplicable} says the validator
 * had nothing to judge (no logprobs, no schema, the judge timed out) and is left out of the weighting, so
 * it can neither inflate nor deflate the score.
 */
public sealed interface Verdict {

    /** A short human-readable account, for the decision log. */
    String summary();

    record Pass(double score, String details) implements Verdict {
        public Pass {
            checkScore(score);
            requireNonNull(details, "details is null");
        }

        @Override
        public String summary() {
            return "pass (" + Scores.format(score) + ")" + (details.isEmpty() ? "" : ": " + details);
        }
    }

    /**
     * A failed check. {@code message} is written to the model: it can be appended to an escalation prompt as
     * is ("your answer was not valid JSON for this schema: $.items[2].price: ...").
     */
    record Fail(Reason reason, double score, String message) implements Verdict {
        public Fail {
            requireNonNull(reason, "reason is null");
            checkScore(score);
            requireNonNull(message, "message is null");
            if (message.isBlank()) {
                throw new IllegalArgumentException("message is blank");
            }
        }

        @Override
        public String summary() {
            return "fail " + reason.name().toLowerCase(java.util.Locale.ROOT) + " (" + Scores.format(score) + "): "
                    + message;
        }
    }

    record NotApplicable(String why) implements Verdict {
        public NotApplicable {
            requireNonNull(why, "why is null");
        }

        @Override
        public String summary() {
            return "n/a: " + why;
        }
    }

    private static void checkScore(double score) {
        if (!(score >= 0 && score <= 1)) {
            throw new IllegalArgumentException("score must be within [0, 1]: " + score);
        }
    }
}
