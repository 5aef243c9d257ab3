package dev.ladder.strategy;

import java.util.Locale;
import java.util.Optional;

/** How a routed request uses its tiers. */
public enum Strategy {
    /** The chosen tier answers (with failover and escalation on upstream failure). */
    DIRECT,
    /** The cheapest tier first; its answer is validated; a rejected answer escalates with the reason. */
    CASCADE,
    /** The chosen tier and the one above in parallel; the first answer that validates wins, the other is cancelled. */
    RACE;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Strategy> parse(String s) {
        for (Strategy v : values()) {
            if (v.wireName().equalsIgnoreCase(s.strip())) {
                return Optional.of(v);
            }
        }
        return Optional.empty();
    }
}
