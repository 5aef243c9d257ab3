package dev.ladder.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ladder.model.Attempt;
import dev.ladder.model.Failure;
import dev.ladder.wire.OpenAiJson;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The one place where failures become HTTP: status, OpenAI error type and code. Upstream trouble is 502
 * (bad answer), 503 (nothing could be tried) or 504 (timeout); a client's mistake is 4xx; an upstream 429
 * stays 429 with its Retry-After so SDK back-off works.
 */
public final class ErrorMapper {

    private ErrorMapper() {
    }

    static HttpError map(Failure failure) {
        return switch (failure) {
            case Failure.BadRequest f -> error(400, f.message(), "invalid_request_error", f.param(), null);
            case Failure.UnknownModel f -> error(404, f.message(), "invalid_request_error", "model", "model_not_found");
            case Failure.PayloadTooLarge f -> error(413, f.message(), "invalid_request_error", null, "request_too_large");
            case Failure.RateLimited f -> new HttpError(429,
                    OpenAiJson.error(f.message(), "rate_limit_error", null, "rate_limit_exceeded"), f.retryAfter());
            case Failure.UpstreamError f -> error(502, f.message(), "upstream_error", null, "upstream_" + f.status());
            case Failure.UpstreamTimeout f -> error(504, f.message(), "timeout_error", null, "upstream_timeout");
            case Failure.UpstreamUnreachable f -> error(502, f.message(), "upstream_error", null, "upstream_unreachable");
            case Failure.UpstreamMalformed f -> error(502, f.message(), "upstream_error", null, "upstream_malformed");
            case Failure.UpstreamRejected f -> error(f.status(), f.message(),
                    f.type() == null ? "invalid_request_error" : f.type(), null, null);
            case Failure.UpstreamAuth f -> error(502, "The upstream provider '" + f.provider()
                    + "' rejected the gateway's credentials (" + f.status() + ").", "upstream_error", null,
                    "upstream_auth");
            case Failure.Unavailable f -> error(503, f.message(), "service_unavailable", null, null);
            case Failure.AllAttemptsFailed f -> withAttempts(allFailed(f), f.attempts());
            case Failure.LatencyBudgetExceeded f -> withAttempts(error(504, f.message(), "timeout_error", null,
                    "latency_budget_exceeded"), f.attempts());
        };
    }

    /** Status of an aggregate: 429 when every attempt was rate limited, else the last attempt's status. */
    private static HttpError allFailed(Failure.AllAttemptsFailed f) {
        boolean allRateLimited = f.attempts().stream()
                .allMatch(a -> a.failure().orElse(null) instanceof Failure.RateLimited);
        if (allRateLimited) {
            Optional<Duration> soonest = f.attempts().stream()
                    .map(a -> ((Failure.RateLimited) a.failure().orElseThrow()).retryAfter())
                    .flatMap(Optional::stream).min(Duration::compareTo);
            return new HttpError(429, OpenAiJson.error(f.message(), "rate_limit_error", null, "rate_limit_exceeded"),
                    soonest);
        }
        HttpError last = map(f.last());
        String code = last.body().path("error").path("code").asText(null);
        return new HttpError(last.status(), OpenAiJson.error(f.message(), "upstream_error", null, code),
                Optional.empty());
    }

    /**
     * Adds {@code error.attempts}: each upstream attempt's model, provider, the status its failure maps to,
     * code, reason, start time and latency. Clients that know only OpenAI's error fields ignore it.
     */
    private static HttpError withAttempts(HttpError e, List<Attempt> attempts) {
        ArrayNode list = ((ObjectNode) e.body().path("error")).putArray("attempts");
        for (Attempt a : attempts) {
            ObjectNode n = list.addObject();
            n.put("model", a.model());
            n.put("provider", a.provider());
            if (a.failure().isPresent()) {
                HttpError mapped = map(a.failure().get());
                n.put("status", mapped.status());
                n.set("code", mapped.body().path("error").path("code"));
                n.put("reason", a.failure().get().message());
            } else {
                n.put("status", 200);
            }
            n.put("started_at", a.startedAt().toString());
            n.put("latency_ms", a.latency().toMillis());
        }
        return e;
    }

    /** An unexpected exception: a bare 500 with the request id, never a stack trace. */
    static HttpError internal(String requestId) {
        return error(500, "The gateway hit an internal error. Request id: " + requestId + ".", "server_error", null,
                null);
    }

    static HttpError badRequest(String message, String param) {
        return error(400, message, "invalid_request_error", param, null);
    }

    static HttpError badFeedback(String message, String param) {
        return error(400, message, "invalid_request_error", param, null);
    }

    static HttpError unknownRequestId(String requestId) {
        return error(404, "No request with id '" + requestId + "' is in the decision log.", "invalid_request_error",
                "request_id", "request_not_found");
    }

    /** The operator pages without the admin key, or with a wrong one. */
    static HttpError adminKeyRequired() {
        return error(401, "This page needs the admin key: send it as 'Authorization: Bearer <key>', or sign in at "
                + "/dashboard.", "invalid_request_error", null, "admin_key_required");
    }

    static HttpError notFound(String path) {
        return error(404, "Unknown path: " + path, "invalid_request_error", null, "not_found");
    }

    static HttpError methodNotAllowed(String method, String path) {
        return error(405, "Method " + method + " is not allowed on " + path + ".", "invalid_request_error", null,
                "method_not_allowed");
    }

    private static HttpError error(int status, String message, String type, String param, String code) {
        return new HttpError(status, OpenAiJson.error(message, type, param, code), Optional.empty());
    }
}
