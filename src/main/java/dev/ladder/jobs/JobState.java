package dev.ladder.jobs;

import java.util.Locale;
import java.util.Optional;

/** Where a job is: waiting, leased by a worker, or finished one of four ways. */
public enum JobState {
    QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED, EXPIRED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean isFinished() {
        return this != QUEUED && this != RUNNING;
    }

    public static Optional<JobState> parse(String s) {
        for (JobState st : values()) {
            if (st.wireName().equals(s)) {
                return Optional.of(st);
            }
        }
        return Optional.empty();
    }
}
