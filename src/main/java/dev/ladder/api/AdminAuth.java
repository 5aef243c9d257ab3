package dev.ladder.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * Who may see the dashboard and its JSON: the one check the operator pages make, with the master key
 * ({@code LADDER_MASTER_KEY}, {@code LADDER_MASTER_KEY_FILE}, or the older {@code LADDER_ADMIN_KEY}); the dashboard
 * signs in with it and keeps it in a cookie.
 */
@FunctionalInterface
public interface AdminAuth {

    /** No admin key configured: the operator pages are open (the server warns at start). */
    AdminAuth OPEN = presented -> true;

    /** Whether {@code presented} (a bearer token or the dashboard cookie; empty when neither came) may pass. */
    boolean allows(Optional<String> presented);

    /** True when this check can refuse anything (false for {@link #OPEN}). */
    default boolean required() {
        return this != OPEN;
    }

    /** Accepts exactly {@code key}, compared in constant time. */
    static AdminAuth token(String key) {
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("the admin key is empty");
        }
        byte[] expected = key.getBytes(StandardCharsets.UTF_8);
        return presented -> presented.isPresent()
                && MessageDigest.isEqual(expected, presented.get().getBytes(StandardCharsets.UTF_8));
    }
}
