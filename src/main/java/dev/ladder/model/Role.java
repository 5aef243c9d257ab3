package dev.ladder.model;

import java.util.Locale;
import java.util.Optional;

/** Chat message roles of the OpenAI wire format. */
public enum Role {
    SYSTEM,
    DEVELOPER,
    USER,
    ASSISTANT,
    TOOL,
    FUNCTION;

    private final String wireName = name().toLowerCase(Locale.ROOT);

    public String wireName() {
        return wireName;
    }

    public static Optional<Role> parse(String s) {
        for (Role r : values()) {
            if (r.wireName().equals(s)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }
}
