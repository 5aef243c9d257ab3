package dev.ladder.api;

import dev.ladder.model.ChatRequest;
import dev.ladder.model.LadderException;
import dev.ladder.model.Tier;
import dev.ladder.pipeline.CacheDirective;
import dev.ladder.pipeline.RequestContext;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.ServerRequestHeaders;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Reads the caller's identity and routing hints from headers; a malformed hint is a 400, never ignored. */
final class Contexts {

    private static final int MAX_HINT_LENGTH = 200;
    /** The longest latency budget a caller may ask for (a day); the configured budget caps it anyway. */
    private static final long MAX_BUDGET_MS = 86_400_000L;

    private Contexts() {
    }

    static RequestContext of(ServerRequestHeaders headers, ChatRequest request) {
        return of(headers, request.user());
    }

    /**
     * The context of a request that is not one chat request (embeddings; a batch, whose lines carry their own
     * user).
     */
    static RequestContext of(ServerRequestHeaders headers, Optional<String> user) {
        return new RequestContext(keyId(headers), user, text(headers, LadderHeaders.FEATURE),
                tier(headers, LadderHeaders.FORCE_TIER), tier(headers, LadderHeaders.MAX_TIER),
                text(headers, LadderHeaders.STRATEGY), text(headers, LadderHeaders.CONVERSATION),
                budget(headers), cacheDirective(headers));
    }

    /** {@code x-ladder-latency-budget-ms}: a whole number of milliseconds in 1..86400000. */
    private static Optional<Duration> budget(ServerRequestHeaders headers) {
        Optional<String> v = text(headers, LadderHeaders.LATENCY_BUDGET);
        if (v.isEmpty()) {
            return Optional.empty();
        }
        try {
            long ms = Long.parseLong(v.get());
            if (ms >= 1 && ms <= MAX_BUDGET_MS) {
                return Optional.of(Duration.ofMillis(ms));
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw LadderException.badRequest("Invalid value for header " + LadderHeaders.LATENCY_BUDGET.lowerCase() + ": '"
                + v.get() + "'. Expected a whole number of milliseconds from 1 to " + MAX_BUDGET_MS + ".",
                LadderHeaders.LATENCY_BUDGET.lowerCase());
    }

    /**
     * The request's {@code Cache-Control}: {@code no-store} (neither look up nor store) wins over
     * {@code no-cache} (do not look up, but store the fresh answer); other directives are ignored.
     */
    static CacheDirective cacheDirective(ServerRequestHeaders headers) {
        CacheDirective d = CacheDirective.DEFAULT;
        for (String value : headers.all(HeaderNames.CACHE_CONTROL, List::of)) {
            for (String token : value.split(",")) {
                String t = token.strip().toLowerCase(Locale.ROOT);
                if (t.equals("no-store")) {
                    return CacheDirective.NO_STORE;
                }
                if (t.equals("no-cache")) {
                    d = CacheDirective.NO_CACHE;
                }
            }
        }
        return d;
    }

    /** A stable, non-reversible id of the caller's bearer token: 12 hex characters of its SHA-256. */
    private static Optional<String> keyId(ServerRequestHeaders headers) {
        Optional<String> auth = headers.first(HeaderNames.AUTHORIZATION);
        if (auth.isEmpty()) {
            return Optional.empty();
        }
        String value = auth.get().strip();
        if (value.regionMatches(true, 0, "Bearer ", 0, 7)) {
            value = value.substring(7).strip();
        }
        if (value.isEmpty()) {
            return Optional.empty();
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return Optional.of("key_" + HexFormat.of().formatHex(digest, 0, 6));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JDK", e);
        }
    }

    private static Optional<String> text(ServerRequestHeaders headers, HeaderName name) {
        Optional<String> v = headers.first(name).map(String::strip).filter(s -> !s.isEmpty());
        if (v.isPresent() && v.get().length() > MAX_HINT_LENGTH) {
            throw LadderException.badRequest("Header " + name.defaultCase() + " is longer than " + MAX_HINT_LENGTH
                    + " characters.", name.lowerCase());
        }
        return v;
    }

    private static Optional<Tier> tier(ServerRequestHeaders headers, HeaderName name) {
        Optional<String> v = text(headers, name);
        if (v.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(Tier.parse(v.get()).orElseThrow(() -> LadderException.badRequest("Invalid value for header "
                + name.lowerCase() + ": '" + v.get() + "'. Supported values are: 'simple', 'medium' and 'complex'.",
                name.lowerCase())));
    }
}
