package dev.ladder.providers;

import static java.util.Objects.requireNonNull;

/** A credential. Its {@code toString} never shows the value, so it cannot leak into logs or errors. */
public final class Secret {

    private final String value;

    public Secret(String value) {
        this.value = requireNonNull(value, "value is null");
    }

    /** The secret itself: only for building the upstream request header. */
    public String reveal() {
        return value;
    }

    public boolean isEmpty() {
        return value.isEmpty();
    }

    @Override
    public String toString() {
        return "Secret[****]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret s && s.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }
}
