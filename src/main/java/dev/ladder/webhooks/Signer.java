package dev.ladder.webhooks;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Standard Webhooks signatures: {@code webhook-signature} is {@code v1,} + base64 of HMAC-SHA256 over
 * {@code id.timestamp.body}, keyed with the base64-decoded part of a {@code whsec_} secret.
 */
public final class Signer {

    public static final String PREFIX = "whsec_";

    private final byte[] key;

    /**
     * @throws IllegalArgumentException when {@code secret} is not {@code whsec_} followed by base64
     */
    public Signer(String secret) {
        requireNonNull(secret, "secret is null");
        if (!secret.startsWith(PREFIX)) {
            throw new IllegalArgumentException("must start with " + PREFIX);
        }
        try {
            this.key = Base64.getDecoder().decode(secret.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the part after " + PREFIX + " must be base64", e);
        }
        if (key.length == 0) {
            throw new IllegalArgumentException("the key after " + PREFIX + " is empty");
        }
    }

    /** {@code v1,<base64 signature>}. */
    public String sign(String id, long timestampSeconds, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] sig = mac.doFinal((id + "." + timestampSeconds + "." + body).getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(sig);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is required by every JDK", e);
        }
    }

    /** The three headers of one delivery attempt. */
    public Map<String, String> headers(String id, long timestampSeconds, String body) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("webhook-id", id);
        h.put("webhook-timestamp", Long.toString(timestampSeconds));
        h.put("webhook-signature", sign(id, timestampSeconds, body));
        return h;
    }
}
