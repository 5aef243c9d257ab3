package dev.ladder.access;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;

/** How often a budget starts again: each UTC day, each UTC calendar month, or never. */
public enum Period {
    DAILY, MONTHLY, TOTAL;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Period> parse(String s) {
        for (Period p : values()) {
            if (p.wireName().equalsIgnoreCase(s.strip())) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** The start of the window that holds {@code now} (UTC); the epoch for {@link #TOTAL}. */
    public Instant windowStart(Instant now) {
        return switch (this) {
            case DAILY -> now.truncatedTo(ChronoUnit.DAYS);
            case MONTHLY -> LocalDate.ofInstant(now, ZoneOffset.UTC).withDayOfMonth(1).atStartOfDay()
                    .toInstant(ZoneOffset.UTC);
            case TOTAL -> Instant.EPOCH;
        };
    }

    /** When the window holding {@code now} ends and the budget resets; empty for {@link #TOTAL}. */
    public Optional<Instant> resetAt(Instant now) {
        return switch (this) {
            case DAILY -> Optional.of(windowStart(now).plus(1, ChronoUnit.DAYS));
            case MONTHLY -> Optional.of(LocalDate.ofInstant(now, ZoneOffset.UTC).withDayOfMonth(1).plusMonths(1)
                    .atStartOfDay().toInstant(ZoneOffset.UTC));
            case TOTAL -> Optional.empty();
        };
    }
}
