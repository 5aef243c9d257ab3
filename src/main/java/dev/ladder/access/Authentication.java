package dev.ladder.access;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.InstantSource;
import java.util.Optional;

/**
 * Turns a presented bearer token into a {@link Caller}, or says why not. Pure apart from the key lookup: the
 * master key is compared in constant time, a virtual key by the SHA-256 of what was presented (so the lookup
 * never sees a secret), and a revoked or expired key is refused on the very next request.
 */
public final class Authentication {

    /** Why a token was refused; each maps to a 401 at the edge. */
    public enum Refusal {
        MISSING("No API key: send it as 'Authorization: Bearer <key>'."),
        INVALID("Incorrect API key provided."),
        REVOKED("This API key has been revoked."),
        EXPIRED("This API key has expired.");

        private final String message;

        Refusal(String message) {
            this.message = message;
        }

        public String message() {
            return message;
        }
    }

    /** The outcome: a caller, or a refusal. */
    public sealed interface Outcome {
        record Granted(Caller caller) implements Outcome {
        }

        record Refused(Refusal refusal) implements Outcome {
        }
    }

    /** Longest token looked at; anything longer is no key of ours. */
    private static final int MAX_TOKEN_CHARS = 512;

    private final Optional<byte[]> masterKey;
    private final boolean required;
    private final KeyStore keys;
    private final InstantSource clock;

    /**
     * @param masterKey the operator's key, when set
     * @param required whether /v1 needs a key (true when auth is enabled or a master key is set)
     */
    public Authentication(Optional<String> masterKey, boolean required, KeyStore keys, InstantSource clock) {
        this.masterKey = requireNonNull(masterKey, "masterKey is null").map(k -> k.getBytes(StandardCharsets.UTF_8));
        this.required = required || masterKey.isPresent();
        this.keys = requireNonNull(keys, "keys is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** Whether any route needs a key at all. */
    public boolean required() {
        return required;
    }

    /** The caller behind an {@code Authorization} header value (empty when the header is absent). */
    public Outcome authenticate(Optional<String> authorization) {
        Optional<String> token = authorization.flatMap(Authentication::bearer);
        if (!required) {
            return new Outcome.Granted(new Caller.Anonymous());
        }
        if (token.isEmpty()) {
            return new Outcome.Refused(Refusal.MISSING);
        }
        String t = token.get();
        if (masterKey.isPresent() && MessageDigest.isEqual(masterKey.get(), t.getBytes(StandardCharsets.UTF_8))) {
            return new Outcome.Granted(new Caller.Master());
        }
        if (t.length() > MAX_TOKEN_CHARS || !t.startsWith(Secrets.SECRET_PREFIX)) {
            return new Outcome.Refused(Refusal.INVALID);
        }
        Optional<VirtualKey> key = keys.byHash(Secrets.hash(t));
        if (key.isEmpty()) {
            return new Outcome.Refused(Refusal.INVALID);
        }
        if (key.get().revoked()) {
            return new Outcome.Refused(Refusal.REVOKED);
        }
        if (key.get().expired(clock.instant())) {
            return new Outcome.Refused(Refusal.EXPIRED);
        }
        return new Outcome.Granted(new Caller.Key(key.get(), key.get().team().flatMap(keys::team)));
    }

    /** The token of {@code Bearer <token>} (or a bare token), stripped; empty when blank. */
    static Optional<String> bearer(String header) {
        String v = header.strip();
        if (v.regionMatches(true, 0, "Bearer ", 0, 7)) {
            v = v.substring(7).strip();
        }
        return v.isEmpty() ? Optional.empty() : Optional.of(v);
    }
}
