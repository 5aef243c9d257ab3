package dev.ladder.pipeline;

import java.util.Locale;
import java.util.Optional;

/** The response cache's layers, in the order a request meets them. */
public enum CacheLayer {
    /** The same request, byte for byte after canonicalisation, within the same scope. */
    EXACT,
    /** A request whose last user turn means the same, with the same context, within the same scope. */
    SEMANTIC;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<CacheLayer> parse(String s) {
        for (CacheLayer l : values()) {
            if (l.wireName().equals(s)) {
                return Optional.of(l);
            }
        }
        return Optional.empty();
    }
}
