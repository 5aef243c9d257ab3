package dev.ladder.model;

import java.util.Locale;

/**
 * The three states of a deployment's circuit breaker: CLOSED lets calls through and counts their outcomes;
 * OPEN fails them fast, without an upstream call, until a cool-down has passed; HALF_OPEN lets a limited
 * number of probe calls through, and closes on a probe's success or opens again on its failure.
 */
public enum CircuitState {
    CLOSED,
    OPEN,
    HALF_OPEN;

    /** The lower-case name used in the admin API and metrics ({@code half_open}). */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
