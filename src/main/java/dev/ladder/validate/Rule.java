package dev.ladder.validate;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.OptionalDouble;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One rule an answer must obey, as configured. The records hold what the config says (patterns as written,
 * so two configs compare equal); {@link RuleValidator} compiles them once. Each compact constructor rejects
 * what could never work, with a message naming the key.
 */
public sealed interface Rule {

    /** Length of the answer in characters or in tokens (o200k_base, as {@code dev.ladder.wire.Tokens} counts). */
    record Length(int min, int max, Unit unit) implements Rule {
        public enum Unit { CHARS, TOKENS }

        public Length {
            requireNonNull(unit, "unit is null");
            if (min < 0) {
                throw new IllegalArgumentException("min must be >= 0");
            }
            if (max < min) {
                throw new IllegalArgumentException("max must be >= min (" + min + ")");
            }
        }
    }

    /** Every keyword must appear (case-insensitive). */
    record Required(List<String> keywords) implements Rule {
        public Required {
            keywords = List.copyOf(keywords);
            if (keywords.isEmpty() || keywords.stream().anyMatch(String::isBlank)) {
                throw new IllegalArgumentException("needs at least one keyword, none blank");
            }
        }
    }

    /** No pattern may be found anywhere in the answer (Java regex; add {@code (?i)} for any case). */
    record Forbidden(List<String> patterns) implements Rule {
        public Forbidden {
            patterns = checked(patterns);
        }
    }

    /** Every pattern must be found in the answer (Java regex). */
    record MustMatch(List<String> patterns) implements Rule {
        public MustMatch {
            patterns = checked(patterns);
        }
    }

    /** A final-answer marker followed by a number must be present ("#### 72", "The answer is 72"). */
    record FinalAnswer(List<String> markers) implements Rule {
        public FinalAnswer {
            markers = List.copyOf(markers);
            if (markers.isEmpty() || markers.stream().anyMatch(String::isBlank)) {
                throw new IllegalArgumentException("needs at least one marker, none blank");
            }
        }
    }

    /** The answer's final number ({@link FinalNumber}) must exist and be within [min, max], and whole if asked. */
    record NumericRange(OptionalDouble min, OptionalDouble max, boolean integer) implements Rule {
        public NumericRange {
            requireNonNull(min, "min is null");
            requireNonNull(max, "max is null");
            if (min.isPresent() && max.isPresent() && max.getAsDouble() < min.getAsDouble()) {
                throw new IllegalArgumentException("max must be >= min (" + min.getAsDouble() + ")");
            }
        }
    }

    /**
     * The worked arithmetic must be right ({@link Arithmetic}), and when the answer shows calculations, its
     * final number must be the result of one of them.
     */
    record ArithmeticChecks() implements Rule {
    }

    private static List<String> checked(List<String> patterns) {
        List<String> copy = List.copyOf(patterns);
        if (copy.isEmpty()) {
            throw new IllegalArgumentException("needs at least one pattern");
        }
        for (String p : copy) {
            try {
                Pattern.compile(p);
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("'" + p + "' is not a valid regular expression: "
                        + e.getDescription());
            }
        }
        return copy;
    }
}
