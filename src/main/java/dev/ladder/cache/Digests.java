package dev.ladder.cache;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 in hex. Key parts are hashed so that no caller-chosen text (a feature tag) shapes a store key. */
final class Digests {

    /** Scope ids keep 64 bits: enough to keep tenants apart, short enough to read in a key. */
    private static final int SHORT_BYTES = 8;

    private Digests() {
    }

    static String hex(byte[] data) {
        return HexFormat.of().formatHex(sha256().digest(data));
    }

    static String shortHex(String text) {
        return HexFormat.of().formatHex(sha256().digest(text.getBytes(StandardCharsets.UTF_8)), 0, SHORT_BYTES);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JDK", e);
        }
    }
}
