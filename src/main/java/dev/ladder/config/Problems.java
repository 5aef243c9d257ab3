package dev.ladder.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Collects the problems of one load, so a user sees all of them at once, and the secrets met on the way, so
 * none can reach a message: before throwing, every known secret is masked wherever it appears.
 */
final class Problems {

    /** Shorter values are too likely to be ordinary words ("true", "prod") to be masked inside messages. */
    static final int MIN_MASKED_LENGTH = 8;
    static final String MASK = "****";

    private final List<ConfigError> errors = new ArrayList<>();
    private final Set<String> secrets = new LinkedHashSet<>();

    void add(String path, String message) {
        errors.add(new ConfigError(path, message));
    }

    /** Remembers a secret value (and each of its words, for values like {@code Bearer <token>}). */
    void secret(String value) {
        secrets.add(value);
        for (String word : value.split("\\s+")) {
            secrets.add(word);
        }
    }

    boolean isEmpty() {
        return errors.isEmpty();
    }

    void throwIfAny() {
        if (errors.isEmpty()) {
            return;
        }
        List<String> masked = secrets.stream().filter(s -> s.length() >= MIN_MASKED_LENGTH)
                .sorted(Comparator.comparingInt(String::length).reversed()).toList();
        throw new ConfigException(errors.stream()
                .map(e -> new ConfigError(mask(e.path(), masked), mask(e.message(), masked))).toList());
    }

    private static String mask(String text, List<String> masked) {
        String out = text;
        for (String s : masked) {
            out = out.replace(s, MASK);
        }
        return out;
    }
}
