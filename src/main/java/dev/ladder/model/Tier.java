package dev.ladder.model;

import java.util.Locale;
import java.util.Optional;

/** The three capability tiers, cheapest first. Ordinal order is escalation order. */
public enum Tier {
    SIMPLE,
    MEDIUM,
    COMPLEX;

    private final String wireName = name().toLowerCase(Locale.ROOT);

    /** The lower-case name used in config, headers and logs. */
    public String wireName() {
        return wireName;
    }

    /** The next tier up, if any. */
    public Optional<Tier> next() {
        return ordinal() + 1 < values().length ? Optional.of(values()[ordinal() + 1]) : Optional.empty();
    }

    public boolean isAbove(Tier other) {
        return compareTo(other) > 0;
    }

    public static Tier max(Tier a, Tier b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    public static Tier min(Tier a, Tier b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** Parses a wire name ("simple", "medium", "complex"), case-insensitively. */
    public static Optional<Tier> parse(String s) {
        if (s == null) {
            return Optional.empty();
        }
        for (Tier t : values()) {
            if (t.wireName().equalsIgnoreCase(s.strip())) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
