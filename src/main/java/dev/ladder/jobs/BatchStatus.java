package dev.ladder.jobs;

import java.util.Locale;
import java.util.Optional;

/** OpenAI's batch statuses (Ladder validates the input file before it answers, so never {@code validating}). */
public enum BatchStatus {
    IN_PROGRESS, FINALIZING, COMPLETED, FAILED, EXPIRED, CANCELLING, CANCELLED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean isFinished() {
        return this == COMPLETED || this == FAILED || this == EXPIRED || this == CANCELLED;
    }

    public static Optional<BatchStatus> parse(String s) {
        for (BatchStatus st : values()) {
            if (st.wireName().equals(s)) {
                return Optional.of(st);
            }
        }
        return Optional.empty();
    }
}
