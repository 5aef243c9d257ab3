package dev.ladder.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Virtual key secrets: {@code sk-ladder-} and 40 random base62 characters (about 238 bits). Only the SHA-256
 * of a secret is stored; its first {@value #PREFIX_CHARS} characters are kept to recognise it in a list.
 */
public final class Secrets {

    public static final String SECRET_PREFIX = "sk-ladder-";
    static final int PREFIX_CHARS = SECRET_PREFIX.length() + 4;
    private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final int RANDOM_CHARS = 40;
    private static final SecureRandom RANDOM = new SecureRandom();

    private Secrets() {
    }

    public static String newSecret() {
        StringBuilder sb = new StringBuilder(SECRET_PREFIX);
        for (int i = 0; i < RANDOM_CHARS; i++) {
            sb.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }

    /** A key id: {@code key_} and 12 random hex characters, safe to log. */
    public static String newKeyId() {
        byte[] b = new byte[6];
        RANDOM.nextBytes(b);
        return "key_" + HexFormat.of().formatHex(b);
    }

    public static String hash(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JDK", e);
        }
    }

    /** The visible part of a secret: its first characters and an ellipsis. */
    public static String visiblePrefix(String secret) {
        return secret.substring(0, Math.min(PREFIX_CHARS, secret.length())) + "…";
    }
}
