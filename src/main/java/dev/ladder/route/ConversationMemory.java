package dev.ladder.route;

import dev.ladder.model.ChatRequest;
import dev.ladder.model.Message;
import dev.ladder.model.Role;
import dev.ladder.model.Tier;
import dev.ladder.pipeline.RequestContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The highest tier each conversation has used, so a follow-up never drops below it. A conversation is named
 * by the caller ({@code x-ladder-conversation}) or, failing that, by a hash of its opening (caller's key id,
 * system prompt, first user message), which every later turn of it repeats. Entries expire after a TTL of
 * inactivity; the map is bounded (expired entries go first, then arbitrary ones).
 */
public final class ConversationMemory {

    public static final Duration DEFAULT_TTL = Duration.ofHours(2);
    public static final int DEFAULT_MAX_ENTRIES = 100_000;

    private record Entry(Tier tier, Instant expiresAt) {
    }

    private static final MessageDigest SHA_256 = prototype();

    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final InstantSource clock;
    private final Duration ttl;
    private final int maxEntries;

    public ConversationMemory(InstantSource clock, Duration ttl, int maxEntries) {
        this.clock = clock;
        this.ttl = ttl;
        this.maxEntries = maxEntries;
        if (ttl.isNegative() || ttl.isZero() || maxEntries < 1) {
            throw new IllegalArgumentException("ttl must be > 0 and maxEntries >= 1");
        }
    }

    /** The conversation's key; empty for a request that cannot belong to one (no user message). */
    public static Optional<String> keyOf(ChatRequest request, RequestContext context) {
        String scope = context.keyId().orElse("-");
        if (context.conversation().isPresent()) {
            return Optional.of(hash("id", scope, context.conversation().get()));
        }
        String system = "";
        for (Message m : request.messages()) {
            if (m.role() == Role.SYSTEM || m.role() == Role.DEVELOPER) {
                system = system + m.text();
            } else if (m.role() == Role.USER) {
                return Optional.of(hash("open", scope, system, m.text()));
            }
        }
        return Optional.empty();
    }

    /** True when the request continues a conversation: an explicit id, or earlier turns before the last one. */
    public static boolean isFollowUp(ChatRequest request, RequestContext context) {
        return context.conversation().isPresent()
                || request.messages().stream().anyMatch(m -> m.role() == Role.ASSISTANT);
    }

    public Optional<Tier> highest(String key) {
        Entry e = entries.get(key);
        if (e == null || !e.expiresAt().isAfter(clock.instant())) {
            return Optional.empty();
        }
        return Optional.of(e.tier());
    }

    /** Records that the conversation used {@code tier}; keeps the highest and refreshes the TTL. */
    public void used(String key, Tier tier) {
        Instant expires = clock.instant().plus(ttl);
        entries.merge(key, new Entry(tier, expires), (old, neu) -> new Entry(
                old.expiresAt().isAfter(clock.instant()) ? Tier.max(old.tier(), tier) : tier, expires));
        if (entries.size() > maxEntries) {
            evict();
        }
    }

    public int size() {
        return entries.size();
    }

    private void evict() {
        Instant now = clock.instant();
        entries.values().removeIf(e -> !e.expiresAt().isAfter(now));
        var it = entries.keySet().iterator();
        while (entries.size() > maxEntries && it.hasNext()) {
            it.next();
            it.remove();
        }
    }

    private static String hash(String... parts) {
        MessageDigest d = sha256();
        for (String p : parts) {
            d.update(p.getBytes(StandardCharsets.UTF_8));
            d.update((byte) 0);
        }
        return HexFormat.of().formatHex(d.digest(), 0, 16);
    }

    /**
     * A fresh SHA-256 digest, cloned from one made at class load: {@code MessageDigest.getInstance} looks the
     * provider up and creates the engine by reflection on every call (issue 16's profile).
     */
    private static MessageDigest sha256() {
        try {
            return (MessageDigest) SHA_256.clone();
        } catch (CloneNotSupportedException e) {
            return prototype();
        }
    }

    private static MessageDigest prototype() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JDK", e);
        }
    }
}
