package dev.ladder.providers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ladder.model.Failure;
import dev.ladder.model.LadderException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class UpstreamFailuresTest {

    private static final ErrorBody ERROR = new ErrorBody("some_type", "something happened");
    private static final String KEY = "sk-live-abcdef123456";

    private final UpstreamFailures failures = new UpstreamFailures("acme", new Redactor(List.of(KEY)),
            Clock.fixed(Instant.parse("2025-06-01T12:00:00Z"), ZoneOffset.UTC));

    @Test
    void a429IsRateLimitedWithTheWaitTheUpstreamAskedFor() {
        Failure f = UpstreamFailures.fromStatus("acme", 429, Optional.of(Duration.ofSeconds(3)), ERROR);

        assertThat(f).isEqualTo(new Failure.RateLimited("acme", Optional.of(Duration.ofSeconds(3)),
                "acme returned HTTP 429 (some_type): something happened"));
    }

    @Test
    void serverErrorsIncludingAnthropicsOverloadedAreUpstreamErrors() {
        for (int status : new int[] {500, 502, 503, 504, 529}) {
            assertThat(UpstreamFailures.fromStatus("acme", status, Optional.empty(), ERROR))
                    .isInstanceOfSatisfying(Failure.UpstreamError.class, e -> assertThat(e.status()).isEqualTo(status));
        }
    }

    @Test
    void unauthorizedAndForbiddenAreAuthFailures() {
        assertThat(UpstreamFailures.fromStatus("acme", 401, Optional.empty(), ERROR)).isInstanceOf(Failure.UpstreamAuth.class);
        assertThat(UpstreamFailures.fromStatus("acme", 403, Optional.empty(), ERROR)).isInstanceOf(Failure.UpstreamAuth.class);
    }

    @Test
    void a408IsATimeout() {
        assertThat(UpstreamFailures.fromStatus("acme", 408, Optional.empty(), ERROR)).isInstanceOf(Failure.UpstreamTimeout.class);
    }

    @Test
    void otherClientErrorsAreRejectionsThatKeepTypeAndMessageAndAreNotRetried() {
        Failure f = UpstreamFailures.fromStatus("acme", 413, Optional.empty(), ERROR);

        assertThat(f).isEqualTo(new Failure.UpstreamRejected("acme", 413, "some_type",
                "acme returned HTTP 413 (some_type): something happened"));
        assertThat(f.retryable()).isFalse();
    }

    @Test
    void aRejectionWithoutATypeGetsTheGenericOne() {
        assertThat(UpstreamFailures.fromStatus("acme", 404, Optional.empty(), ErrorBody.of(null, "no such thing")))
                .isInstanceOfSatisfying(Failure.UpstreamRejected.class,
                        r -> assertThat(r.type()).isEqualTo("invalid_request_error"));
    }

    @Test
    void aRedirectIsNotTheUpstreamsWireFormat() {
        assertThat(UpstreamFailures.fromStatus("acme", 302, Optional.empty(), ErrorBody.of("", "")))
                .isInstanceOf(Failure.UpstreamMalformed.class);
    }

    @Test
    void statusFailuresReadRetryAfterAndHideTheKey() {
        HttpHeaders headers = HttpHeaders.of(Map.of("Retry-After", List.of("2")), (a, b) -> true);

        LadderException e = failures.status(429, headers, new ErrorBody("rate_limit_error", "key " + KEY + " is busy"));

        assertThat(e.failure()).isInstanceOfSatisfying(Failure.RateLimited.class, r -> {
            assertThat(r.retryAfter()).contains(Duration.ofSeconds(2));
            assertThat(r.message()).isEqualTo("acme returned HTTP 429 (rate_limit_error): key **** is busy");
        });
    }

    @Test
    void longUpstreamMessagesAreCut() {
        LadderException e = failures.status(500, ErrorBody.of("", "x".repeat(5000)));

        assertThat(e.getMessage().length()).isLessThan(600);
    }

    @Test
    void transportErrorsMapToTimeoutOrUnreachable() {
        Duration connect = Duration.ofSeconds(1);
        Duration call = Duration.ofSeconds(9);

        assertThat(failures.transport(new HttpConnectTimeoutException("connect timed out"), "h:1", connect, call).failure())
                .isEqualTo(new Failure.UpstreamTimeout("acme", connect, "acme: connecting to h:1 timed out after 1000 ms"));
        assertThat(failures.transport(new HttpTimeoutException("request timed out"), "h:1", connect, call).failure())
                .isInstanceOfSatisfying(Failure.UpstreamTimeout.class, t -> assertThat(t.after()).isEqualTo(call));
        assertThat(failures.transport(new ConnectException(), "h:1", connect, call).failure())
                .isEqualTo(new Failure.UpstreamUnreachable("acme", "acme: cannot connect to h:1 (ConnectException)"));
        assertThat(failures.transport(new java.io.IOException("Connection reset"), "h:1", connect, call).failure())
                .isEqualTo(new Failure.UpstreamUnreachable("acme", "acme: connection to h:1 failed (Connection reset)"));
    }
}
