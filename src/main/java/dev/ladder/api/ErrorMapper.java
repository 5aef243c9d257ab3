package dev.ladder.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ladder.model.Attempt;
import dev.ladder.model.Failure;
import dev.ladder.wire.Json;
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

    /** The HTTP status {@code failure} is answered with, for paths that record it before the edge answers. */
    public static int status(Failure failure) {
        return map(failure).status();
    }

    static HttpError map(Failure failure) {
        return switch (failure) {
            case Failure.BadRequest f -> error(400, f.message(), "invalid_request_error", f.param(), f.code());
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
            case Failure.ClientClosed f -> error(499, f.message(), "invalid_request_error", null, "client_closed");
            case Failure.Unavailable f -> error(503, f.message(), "service_unavailable", null, null);
            // OpenAI answers an exhausted quota with 429 insufficient_quota; ours names the budget
            case Failure.BudgetExceeded f -> new HttpError(429, OpenAiJson.error(f.message(), "insufficient_quota",
                    null, "budget_exceeded"), f.retryAfter());
            // the budget counters cannot be reached: refused rather than overspent, and worth a retry soon
            case Failure.BudgetUnavailable f -> new HttpError(503, OpenAiJson.error(f.message(),
                    "service_unavailable", null, "budget_unavailable"), Optional.of(f.retryAfter()));
            case Failure.AllAttemptsFailed f -> withAttempts(allFailed(f), f.attempts());
            case Failure.LatencyBudgetExceeded f -> withAttempts(error(504, f.message(), "timeout_error", null,
                    "latency_budget_exceeded"), f.attempts());
            // upstreams answered, but nothing usable: a bad gateway, listing what each answer was
            case Failure.ValidationFailed f -> withAttempts(error(502, f.message(), "upstream_error", null,
                    "validation_failed"), f.attempts());
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
     * code, reason (or, for an answer, whether validation accepted it), start time and latency. Clients that know only OpenAI's error fields ignore it.
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
                a.verdict().ifPresent(v -> n.put("accepted", v.accepted()));
            }
            n.put("started_at", a.startedAt().toString());
            n.put("latency_ms", a.latency().toMillis());
        }
        return e;
    }

    /**
     * The same error in Anthropic's envelope, {@code {"type":"error","error":{"type":...,"message":...}}}, with
     * the error type Anthropic documents for the status (https://docs.anthropic.com/en/api/errors); the status and
     * Retry-After are unchanged.
     */
    static HttpError anthropic(HttpError e) {
        String type = switch (e.status()) {
            case 400, 405, 422 -> "invalid_request_error";
            case 401 -> "authentication_error";
            case 403 -> "permission_error";
            case 404 -> "not_found_error";
            case 413 -> "request_too_large";
            case 429 -> "rate_limit_error";
            case 503, 529 -> "overloaded_error";
            case 504 -> "timeout_error";
            default -> "api_error";
        };
        ObjectNode root = Json.object();
        root.put("type", "error");
        root.putObject("error").put("type", type).put("message", e.body().path("error").path("message").asText(""));
        return new HttpError(e.status(), root, e.retryAfter());
    }

    /** An unexpected exception: a bare 500 with the request id, never a stack trace. */
    static HttpError internal(String requestId) {
        return error(500, "The gateway hit an internal error. Request id: " + requestId + ".", "server_error", null,
                null);
    }

    /**
     * A request the web server turned away before any handler saw it: a malformed or oversized request line
     * or headers, an unsupported HTTP version, a broken body framing. The message is fixed per status, never
     * the server's own text, which may quote the request (and a header value is as good as a secret).
     */
    static HttpError rejected(int status) {
        return switch (status) {
            case 400 -> error(400, "The request could not be read: its request line or headers are malformed, or "
                    + "larger than the gateway accepts (" + GatewayServer.MAX_REQUEST_LINE_BYTES + " bytes for the "
                    + "request line, " + GatewayServer.MAX_HEADERS_BYTES + " for the headers).", "invalid_request_error",
                    null, "malformed_request");
            case 413 -> error(413, "The request body is larger than the gateway accepts.", "invalid_request_error",
                    null, "request_too_large");
            case 414 -> error(414, "The request line is longer than the gateway accepts ("
                    + GatewayServer.MAX_REQUEST_LINE_BYTES + " bytes).", "invalid_request_error", null, "uri_too_long");
            case 431 -> error(431, "The request headers are larger than the gateway accepts ("
                    + GatewayServer.MAX_HEADERS_BYTES + " bytes).", "invalid_request_error", null,
                    "headers_too_large");
            case 503 -> error(503, "The gateway is at its limit of concurrent requests; retry shortly.",
                    "service_unavailable", null, null);
            case 505 -> error(505, "Only HTTP/1.1 is supported.", "invalid_request_error", null,
                    "http_version_not_supported");
            default -> status >= 500
                    ? error(status, "The gateway could not handle the request.", "server_error", null, null)
                    : error(status, "The request was rejected (HTTP " + status + ").", "invalid_request_error", null,
                            null);
        };
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

    /** /v1 without a valid key (missing, unknown, revoked or expired): OpenAI's 401. */
    static HttpError unauthenticated(String message) {
        return error(401, message, "invalid_request_error", null, "invalid_api_key");
    }

    /** A valid key asking for something outside its allow-list. */
    static HttpError forbidden(String message, String param) {
        return error(403, message, "permission_error", param, "permission_denied");
    }

    /** An admin route without the master key (401), or with a virtual key instead (403). */
    static HttpError masterKeyRequired(boolean withVirtualKey) {
        return withVirtualKey
                ? error(403, "Admin routes need the master key; a virtual key may not use them.", "permission_error",
                        null, "master_key_required")
                : error(401, "Admin routes need the master key: send it as 'Authorization: Bearer <key>'.",
                        "invalid_request_error", null, "master_key_required");
    }

    /** A key's (or its team's) request or token bucket is empty: 429 with Retry-After, like OpenAI's. */
    static HttpError keyRateLimited(String message, Duration retryAfter) {
        return new HttpError(429, OpenAiJson.error(message, "rate_limit_error", null, "rate_limit_exceeded"),
                Optional.of(retryAfter));
    }

    static HttpError notFoundNamed(String message, String param) {
        return error(404, message, "invalid_request_error", param, "not_found");
    }

    static HttpError notFound(String path) {
        return error(404, "Unknown path: " + path, "invalid_request_error", null, "not_found");
    }

    /** A 404 for a file, batch, job or webhook event that does not exist, e.g. {@code No such batch: batch_1}. */
    static HttpError noSuch(String what, String id) {
        return error(404, "No such " + what + ": " + id, "invalid_request_error", null, "not_found");
    }

    static HttpError methodNotAllowed(String method, String path) {
        return error(405, "Method " + method + " is not allowed on " + path + ".", "invalid_request_error", null,
                "method_not_allowed");
    }

    private static HttpError error(int status, String message, String type, String param, String code) {
        return new HttpError(status, OpenAiJson.error(message, type, param, code), Optional.empty());
    }
}
