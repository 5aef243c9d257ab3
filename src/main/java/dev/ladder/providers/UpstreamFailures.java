package dev.ladder.providers;

import static java.util.Objects.requireNonNull;

import dev.ladder.model.Failure;
import dev.ladder.model.LadderException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Builds every failure a provider adapter raises, so each one names the provider and none carries a
 * credential (all upstream text goes through the {@link Redactor}). {@link #fromStatus} is the one mapping
 * from an upstream HTTP status to a {@link Failure}, shared by all adapters.
 */
public final class UpstreamFailures {

    /** Upstream messages are cut here: enough to diagnose, not enough to flood a log line. */
    static final int MAX_MESSAGE_CHARS = 500;
    /** The type given to a 4xx rejection whose upstream named none (OpenAI's generic 4xx type). */
    static final String DEFAULT_REJECTION_TYPE = "invalid_request_error";
    private static final HttpHeaders NO_HEADERS = HttpHeaders.of(Map.of(), (a, b) -> true);

    private final String provider;
    private final Redactor redactor;
    private final Clock clock;

    UpstreamFailures(String provider, Redactor redactor, Clock clock) {
        this.provider = requireNonNull(provider, "provider is null");
        this.redactor = requireNonNull(redactor, "redactor is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** Failures for the provider {@code config} describes, redacting its credentials. */
    public static UpstreamFailures of(ProviderConfig config, Clock clock) {
        return new UpstreamFailures(config.name(), Redactor.of(config), clock);
    }

    public String provider() {
        return provider;
    }

    /**
     * The one status mapping: 429 rate limited (with the wait the upstream asked for), 401/403 auth, 408
     * timeout, 5xx (including Anthropic's 529 overloaded) upstream error, any other 4xx a rejection that keeps
     * the upstream's type and message (a context-length overflow passes through). Any other status is not
     * the upstream's wire format (we never follow redirects).
     */
    public static Failure fromStatus(String provider, int status, Optional<Duration> retryAfter, ErrorBody error) {
        String message = provider + " returned HTTP " + status + (error.type().isEmpty() ? "" : " (" + error.type() + ")")
                + (error.message().isEmpty() ? "" : ": " + error.message());
        if (status == 429) {
            return new Failure.RateLimited(provider, retryAfter, message);
        }
        if (status == 401 || status == 403) {
            return new Failure.UpstreamAuth(provider, status, message);
        }
        if (status == 408) {
            // the upstream gave up on its own side; we did not wait for any deadline of ours
            return new Failure.UpstreamTimeout(provider, Duration.ZERO, message);
        }
        if (status >= 500 && status <= 599) {
            return new Failure.UpstreamError(provider, status, message);
        }
        if (status >= 400 && status <= 499) {
            return new Failure.UpstreamRejected(provider, status,
                    error.type().isEmpty() ? DEFAULT_REJECTION_TYPE : error.type(), message);
        }
        return new Failure.UpstreamMalformed(provider, message + " (unexpected status; redirects are not followed)");
    }

    /** The failure for a non-success response, honouring its {@code Retry-After}. */
    public LadderException status(int status, HttpHeaders headers, ErrorBody error) {
        return new LadderException(fromStatus(provider, status, RetryAfter.parse(headers, clock.instant()),
                clean(error)));
    }

    /** The failure for an error the upstream reported in-band (in a 200 body or mid-stream), as if with {@code status}. */
    public LadderException status(int status, ErrorBody error) {
        return status(status, NO_HEADERS, error);
    }

    public LadderException malformed(String what) {
        return new LadderException(new Failure.UpstreamMalformed(provider, provider + ": " + clean(what)));
    }

    public LadderException unreachable(String what) {
        return new LadderException(new Failure.UpstreamUnreachable(provider, provider + ": " + clean(what)));
    }

    public LadderException timeout(Duration after, String what) {
        return new LadderException(new Failure.UpstreamTimeout(provider, after, provider + ": " + clean(what)));
    }

    /**
     * Maps what the HTTP client threw: timeouts (connect or answer) to a timeout, refused connections and
     * every other I/O failure (reset, closed, protocol garbage) to unreachable. {@code target} is the
     * host:port, {@code timeout} the deadline that applied.
     */
    public LadderException transport(Throwable t, String target, Duration connectTimeout, Duration timeout) {
        LadderException e = switch (t) {
            case HttpConnectTimeoutException _ -> timeout(connectTimeout,
                    "connecting to " + target + " timed out after " + connectTimeout.toMillis() + " ms");
            case HttpTimeoutException _ -> timeout(timeout, "no answer from " + target + " within " + timeout.toMillis() + " ms");
            case ConnectException _ -> unreachable("cannot connect to " + target + " (" + describe(t) + ")");
            case IOException _ -> unreachable("connection to " + target + " failed (" + describe(t) + ")");
            default -> unreachable("call to " + target + " failed (" + describe(t) + ")");
        };
        e.initCause(t);
        return e;
    }

    private ErrorBody clean(ErrorBody e) {
        return new ErrorBody(clean(e.type()), clean(e.message()));
    }

    private String clean(String text) {
        String s = redactor.redact(text).strip();
        return s.length() > MAX_MESSAGE_CHARS ? s.substring(0, MAX_MESSAGE_CHARS) + "..." : s;
    }

    private static String describe(Throwable t) {
        String m = t.getMessage();
        return m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
    }
}
