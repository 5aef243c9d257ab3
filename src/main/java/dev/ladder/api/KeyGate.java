package dev.ladder.api;

import static java.util.Objects.requireNonNull;

import dev.ladder.access.Caller;
import dev.ladder.access.Gate;
import dev.ladder.access.RateLimiter;
import dev.ladder.model.ChatRequest;
import dev.ladder.pipeline.GatewayEvents;
import dev.ladder.pipeline.RequestContext;
import dev.ladder.wire.Tokens;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * The edge's part of keys: applies the {@link Gate}'s verdict to a parsed request. A virtual key's request gets
 * its key id, team and tier ceiling in its context and OpenAI's {@code x-ratelimit-*} headers; a forbidden one
 * a 403 and a limited one a 429 with {@code Retry-After}, both answered here (empty: nothing more to do).
 */
final class KeyGate {

    static final KeyGate NONE = new KeyGate(Optional.empty(), "", GatewayEvents.NONE);

    /** The key id recorded for requests made with the master key. */
    static final String MASTER_KEY_ID = "master";

    private final Optional<Gate> gate;
    private final String alias;
    private final GatewayEvents events;

    KeyGate(Optional<Gate> gate, String alias, GatewayEvents events) {
        this.gate = requireNonNull(gate, "gate is null");
        this.alias = requireNonNull(alias, "alias is null");
        this.events = requireNonNull(events, "events is null");
    }

    Optional<RequestContext> admit(Caller caller, ChatRequest request, RequestContext context, ServerResponse res,
            FrontDoor door) {
        long tokens = gate.isEmpty() ? 0 : Tokens.promptTokensUpperBound(request) + request.maxTokens().orElse(0);
        return admit(caller, request.model(), tokens, context, res, door);
    }

    /**
     * As above for any request to {@code model} that may use up to {@code tokens} (an embeddings request: its
     * input's tokens): the key's allow-list and its RPM and TPM buckets.
     */
    Optional<RequestContext> admit(Caller caller, String model, long tokens, RequestContext context,
            ServerResponse res, FrontDoor door) {
        if (gate.isEmpty()) {
            return Optional.of(context);
        }
        return switch (caller) {
            case Caller.Anonymous a -> Optional.of(context);
            case Caller.Master m -> Optional.of(context.forKey(MASTER_KEY_ID, Optional.empty(), Optional.empty()));
            case Caller.Key k -> {
                Gate.Verdict v = gate.get().admit(k, model, alias, context.forcedTier(), tokens);
                yield switch (v) {
                    case Gate.Verdict.Pass p -> {
                        rateHeaders(res, p.admission());
                        yield Optional.of(context.forKey(p.keyId(), p.team(), p.ceiling()));
                    }
                    case Gate.Verdict.Forbidden f -> {
                        Responses.sendError(res, door.error(ErrorMapper.forbidden(f.message(), f.param())));
                        yield Optional.empty();
                    }
                    case Gate.Verdict.Limited l -> {
                        rateHeaders(res, l.admission());
                        l.admission().states().stream().filter(s -> s.remaining() < s.bucket().cost()).findFirst()
                                .ifPresent(s -> events.rateLimited(s.bucket().kind().name().toLowerCase(Locale.ROOT),
                                        s.bucket().name().contains(":team:") ? "team" : "key"));
                        Responses.sendError(res, door.error(ErrorMapper.keyRateLimited(l.message(),
                                l.admission().retryAfter())));
                        yield Optional.empty();
                    }
                };
            }
        };
    }

    /** OpenAI's headers: the tightest request bucket and the tightest token bucket. */
    private static void rateHeaders(ServerResponse res, RateLimiter.Admission admission) {
        for (RateLimiter.Kind kind : RateLimiter.Kind.values()) {
            String suffix = kind == RateLimiter.Kind.REQUESTS ? "requests" : "tokens";
            admission.states().stream().filter(s -> s.bucket().kind() == kind)
                    .min((a, b) -> Long.compare(a.remaining(), b.remaining())).ifPresent(s -> {
                        res.header(HeaderNames.create("x-ratelimit-limit-" + suffix),
                                Long.toString(s.bucket().perMinute()));
                        res.header(HeaderNames.create("x-ratelimit-remaining-" + suffix),
                                Long.toString(Math.max(0, s.remaining())));
                        res.header(HeaderNames.create("x-ratelimit-reset-" + suffix), seconds(s.untilFull()));
                    });
        }
    }

    /** OpenAI writes resets as durations: "1s", "6m0s"; seconds with a fraction are enough for clients. */
    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.3fs", d.toMillis() / 1000.0);
    }
}
