package dev.ladder.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ladder.model.Attempt;
import dev.ladder.model.Failure;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ErrorMapperTest {

    static Attempt failed(Failure f) {
        return dev.ladder.testing.AttemptFixtures.failed(f);
    }

    @Test
    void eachFailureHasItsStatus() {
        assertThat(ErrorMapper.map(new Failure.BadRequest("x", "p")).status()).isEqualTo(400);
        assertThat(ErrorMapper.map(new Failure.UnknownModel("m")).status()).isEqualTo(404);
        assertThat(ErrorMapper.map(new Failure.PayloadTooLarge(10)).status()).isEqualTo(413);
        assertThat(ErrorMapper.map(new Failure.RateLimited("p", Optional.empty(), "slow")).status()).isEqualTo(429);
        assertThat(ErrorMapper.map(new Failure.UpstreamError("p", 503, "x")).status()).isEqualTo(502);
        assertThat(ErrorMapper.map(new Failure.UpstreamTimeout("p", Duration.ofSeconds(1), "x")).status()).isEqualTo(504);
        assertThat(ErrorMapper.map(new Failure.UpstreamUnreachable("p", "x")).status()).isEqualTo(502);
        assertThat(ErrorMapper.map(new Failure.UpstreamMalformed("p", "x")).status()).isEqualTo(502);
        assertThat(ErrorMapper.map(new Failure.UpstreamRejected("p", 422, null, "x")).status()).isEqualTo(422);
        assertThat(ErrorMapper.map(new Failure.UpstreamAuth("p", 401, "x")).status()).isEqualTo(502);
        assertThat(ErrorMapper.map(new Failure.Unavailable("x")).status()).isEqualTo(503);
        assertThat(ErrorMapper.map(new Failure.ClientClosed()).status()).isEqualTo(499);
    }

    @Test
    void aClientThatClosedTheConnectionIs499WithCodeClientClosed() {
        HttpError e = ErrorMapper.map(new Failure.ClientClosed());

        assertThat(e.status()).isEqualTo(499);
        assertThat(e.body().path("error").path("code").asText()).isEqualTo("client_closed");
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 413, 414, 431, 500, 503, 505, 418})
    void everyRejectionBeforeRoutingHasItsStatusAndAnOpenAiErrorBody(int status) {
        HttpError e = ErrorMapper.rejected(status);

        assertThat(e.status()).isEqualTo(status);
        assertThat(e.body().path("error").path("message").asText()).isNotBlank();
        assertThat(e.body().path("error").path("type").asText()).isNotBlank();
        assertThat(e.body().path("error").has("param")).isTrue();
        assertThat(e.body().path("error").has("code")).isTrue();
    }

    @Test
    void aRateLimitKeepsItsRetryAfter() {
        HttpError e = ErrorMapper.map(new Failure.RateLimited("p", Optional.of(Duration.ofSeconds(3)), "slow"));

        assertThat(e.retryAfter()).contains(Duration.ofSeconds(3));
        assertThat(e.body().path("error").path("type").asText()).isEqualTo("rate_limit_error");
    }

    @Test
    void anAggregateOfRateLimitsIs429WithTheSoonestRetry() {
        HttpError e = ErrorMapper.map(new Failure.AllAttemptsFailed(List.of(
                failed(new Failure.RateLimited("a", Optional.of(Duration.ofSeconds(5)), "x")),
                failed(new Failure.RateLimited("b", Optional.of(Duration.ofSeconds(2)), "y")))));

        assertThat(e.status()).isEqualTo(429);
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(2));
    }

    @Test
    void anAggregateTakesTheLastAttemptsStatusAndNamesEveryAttempt() {
        HttpError e = ErrorMapper.map(new Failure.AllAttemptsFailed(List.of(
                failed(new Failure.RateLimited("a", Optional.empty(), "limited")),
                failed(new Failure.UpstreamTimeout("b", Duration.ofSeconds(1), "too slow")))));

        assertThat(e.status()).isEqualTo(504);
        assertThat(e.body().path("error").path("message").asText()).contains("limited").contains("too slow");
    }

    @Test
    void budgetCountersOutOfReachAre503BudgetUnavailableWithRetryAfter() {
        HttpError e = ErrorMapper.map(new Failure.BudgetUnavailable("counters away", Duration.ofSeconds(1)));

        assertThat(e.status()).isEqualTo(503);
        assertThat(e.body().path("error").path("code").asText()).isEqualTo("budget_unavailable");
        assertThat(e.body().path("error").path("type").asText()).isEqualTo("service_unavailable");
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(1));
    }

    @Test
    void anInternalErrorCarriesTheRequestIdAndNoStackTrace() {
        HttpError e = ErrorMapper.internal("req_1");

        assertThat(e.status()).isEqualTo(500);
        assertThat(e.body().toString()).contains("req_1").doesNotContain("Exception");
    }

    @Test
    void aLatencyBudgetRunOutIs504AndListsEveryAttemptWithStatusReasonAndTime() {
        HttpError e = ErrorMapper.map(new Failure.LatencyBudgetExceeded(Duration.ofMillis(1500), List.of(
                failed(new Failure.UpstreamError("a", 500, "boom")),
                failed(new Failure.UpstreamTimeout("b", Duration.ofSeconds(1), "too slow")))));

        assertThat(e.status()).isEqualTo(504);
        assertThat(e.body().path("error").path("code").asText()).isEqualTo("latency_budget_exceeded");
        assertThat(e.body().path("error").path("message").asText()).contains("1500 ms").contains("boom");
        var attempts = e.body().path("error").path("attempts");
        assertThat(attempts).hasSize(2);
        assertThat(attempts.path(0).path("model").asText()).isEqualTo("m");
        assertThat(attempts.path(0).path("status").asInt()).isEqualTo(502);
        assertThat(attempts.path(0).path("code").asText()).isEqualTo("upstream_500");
        assertThat(attempts.path(0).path("reason").asText()).isEqualTo("boom");
        assertThat(attempts.path(0).path("started_at").asText()).isEqualTo("1970-01-01T00:00:00Z");
        assertThat(attempts.path(0).path("latency_ms").asLong()).isEqualTo(5);
        assertThat(attempts.path(1).path("status").asInt()).isEqualTo(504);
    }

    @Test
    void anAggregateListsItsAttemptsToo() {
        HttpError e = ErrorMapper.map(new Failure.AllAttemptsFailed(List.of(
                failed(new Failure.UpstreamUnreachable("a", "refused")))));

        assertThat(e.body().path("error").path("attempts").path(0).path("reason").asText()).isEqualTo("refused");
    }

    @Test
    void anAnthropicClientGetsAnthropicsEnvelopeWithTheTypeItsStatusMeansAndTheSameRetryAfter() {
        HttpError limited = ErrorMapper.anthropic(ErrorMapper.map(new Failure.RateLimited("p",
                Optional.of(Duration.ofSeconds(3)), "slow down")));
        HttpError bad = ErrorMapper.anthropic(ErrorMapper.map(new Failure.BadRequest("max_tokens: Field required",
                "max_tokens")));
        HttpError down = ErrorMapper.anthropic(ErrorMapper.map(new Failure.Unavailable("no deployment")));

        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.retryAfter()).contains(Duration.ofSeconds(3));
        assertThat(limited.body().path("type").asText()).isEqualTo("error");
        assertThat(limited.body().path("error").path("type").asText()).isEqualTo("rate_limit_error");
        assertThat(bad.body().path("error").path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(bad.body().path("error").path("message").asText()).isEqualTo("max_tokens: Field required");
        assertThat(down.status()).isEqualTo(503);
        assertThat(down.body().path("error").path("type").asText()).isEqualTo("overloaded_error");
    }
}
