package dev.ladder.validate;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the number an answer ends on: the first number after the last final-answer marker ("#### 72",
 * "The answer is 72", "Final answer: $1,200"), or else the last number in the text. Thousands separators
 * and currency signs are dropped; "-3" is negative, "16 - 3" is not.
 */
final class FinalNumber {

    /** GSM8K's "####", and the phrasings chat models use when asked for a final answer. */
    static final List<String> DEFAULT_MARKERS = List.of("####", "the answer is", "final answer", "answer:",
            "\\boxed{");

    /** A number: optional sign glued to it, digits with optional thousands commas, optional decimals. */
    static final Pattern NUMBER = Pattern.compile(
            "(?<![\\w.])(-)?\\$?(\\d{1,3}(?:,\\d{3})+|\\d+)(\\.\\d+)?(?![\\d,]*\\d)");

    private FinalNumber() {
    }

    /** Where the final number was found, and whether a marker introduced it. */
    record Found(BigDecimal value, boolean marked, int start) {
    }

    static Optional<Found> in(String text, List<String> markers) {
        String lower = text.toLowerCase(Locale.ROOT);
        int after = -1;
        for (String marker : markers) {
            int at = lower.lastIndexOf(marker.toLowerCase(Locale.ROOT));
            if (at >= 0) {
                after = Math.max(after, at + marker.length());
            }
        }
        if (after >= 0) {
            Matcher m = NUMBER.matcher(text);
            if (m.find(after)) {
                return Optional.of(new Found(value(m), true, m.start()));
            }
        }
        List<Found> all = all(text);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.getLast());
    }

    /** Every number in {@code text}, in order. */
    static List<Found> all(String text) {
        List<Found> out = new ArrayList<>();
        Matcher m = NUMBER.matcher(text);
        while (m.find()) {
            out.add(new Found(value(m), false, m.start()));
        }
        return out;
    }

    /** True when a marker is followed by a number somewhere in {@code text}. */
    static boolean hasMarkedNumber(String text, List<String> markers) {
        return in(text, markers).map(Found::marked).orElse(false);
    }

    static BigDecimal value(Matcher m) {
        String digits = m.group(2).replace(",", "") + (m.group(3) == null ? "" : m.group(3));
        BigDecimal v = new BigDecimal(digits);
        return m.group(1) != null ? v.negate() : v;
    }
}
