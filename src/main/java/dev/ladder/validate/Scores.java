package dev.ladder.validate;

import java.util.Locale;

/** Formatting of scores in messages: two decimals, always with a dot. */
final class Scores {

    private Scores() {
    }

    static String format(double score) {
        return String.format(Locale.ROOT, "%.2f", score);
    }
}
