package dev.ladder.model;

import java.util.Locale;
import java.util.Optional;

/** What a model can do beyond plain chat; requests that need a capability skip models without it. */
public enum Capability {
    LOGPROBS,
    JSON_MODE,
    JSON_SCHEMA,
    TOOLS,
    VISION,
    STREAMING;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Capability> parse(String s) {
        for (Capability c : values()) {
            if (c.wireName().equalsIgnoreCase(s)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
