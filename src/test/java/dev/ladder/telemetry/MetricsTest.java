package dev.ladder.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ladder.model.Attempt;
import dev.ladder.model.BreakerTransition;
import dev.ladder.model.CircuitState;
import dev.ladder.model.DeploymentHealth;
import dev.ladder.model.Failure;
import dev.ladder.model.Tier;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MetricsTest {

    final Metrics metrics = new Metrics();

    static Attempt attempt(String model, Failure f) {
        return dev.ladder.testing.AttemptFixtures.attempt(model, "p", Tier.SIMPLE, Instant.EPOCH, Duration.ofMillis(3), Optional.ofNullable(f));
    }

    static DeploymentHealth health(String model, CircuitState state, Duration ewma) {
        return new DeploymentHealth(model, "p", state, Instant.EPOCH, 0.25, 8, 2, Optional.ofNullable(ewma), 10, 2, 0,
                Optional.empty(), Optional.empty());
    }

    @Test
    void countersAreWrittenInTheTextExpositionFormat() {
        metrics.attemptSucceeded(null, attempt("small", null));
        metrics.attemptFailed(null, attempt("small", new Failure.UpstreamError("p", 500, "x")));
        metrics.attemptFailed(null, attempt("small", new Failure.UpstreamError("p", 502, "y")));
        metrics.retryScheduled(null, attempt("small", new Failure.UpstreamError("p", 500, "x")), Duration.ZERO);
        metrics.breakerRejected(null, "small");
        metrics.escalated(null, new dev.ladder.model.Escalation(Tier.SIMPLE, Tier.MEDIUM,
                dev.ladder.model.Escalation.Cause.FAILURE, "all failed"));
        metrics.breakerTransition(new BreakerTransition("small", CircuitState.CLOSED, CircuitState.OPEN, Instant.EPOCH,
                "x"));

        String text = metrics.scrape(List.of());

        assertThat(text).contains("# TYPE ladder_attempts_total counter\n")
                .contains("ladder_attempts_total{model=\"small\",provider=\"p\",purpose=\"answer\",outcome=\"ok\"} 1\n")
                .contains("ladder_attempts_total{model=\"small\",provider=\"p\",purpose=\"answer\",outcome=\"upstream_error\"} 2\n")
                .contains("ladder_retries_total{model=\"small\"} 1\n")
                .contains("ladder_breaker_rejections_total{model=\"small\"} 1\n")
                .contains("ladder_escalations_total{from=\"simple\",to=\"medium\",cause=\"failure\"} 1\n")
                .contains("ladder_breaker_transitions_total{model=\"small\",from=\"closed\",to=\"open\"} 1\n");
        assertThat(metrics.counter("ladder_attempts_total", "model", "small", "provider", "p", "purpose", "answer",
                "outcome", "upstream_error")).isEqualTo(2);
    }

    @Test
    void breakerStateIsAGaugePerStateWithOneForTheCurrentOne() {
        String text = metrics.scrape(List.of(health("small", CircuitState.HALF_OPEN, Duration.ofMillis(250)),
                health("large", CircuitState.CLOSED, null)));

        assertThat(text).contains("# TYPE ladder_breaker_state gauge\n")
                .contains("ladder_breaker_state{model=\"small\",state=\"closed\"} 0\n")
                .contains("ladder_breaker_state{model=\"small\",state=\"open\"} 0\n")
                .contains("ladder_breaker_state{model=\"small\",state=\"half_open\"} 1\n")
                .contains("ladder_breaker_state{model=\"large\",state=\"closed\"} 1\n")
                .contains("ladder_deployment_failure_rate{model=\"small\"} 0.25\n")
                .contains("ladder_deployment_consecutive_failures{model=\"small\"} 2\n")
                .contains("ladder_deployment_ewma_latency_seconds{model=\"small\"} 0.25\n")
                .doesNotContain("ladder_deployment_ewma_latency_seconds{model=\"large\"}");
    }

    @Test
    void labelValuesAreEscaped() {
        assertThat(Metrics.labels("model", "a\"b\\c\nd")).isEqualTo("{model=\"a\\\"b\\\\c\\nd\"}");
    }

    @Test
    void everySampleLineIsNameLabelsValue() {
        metrics.attemptSucceeded(null, attempt("small", null));
        for (String line : metrics.scrape(List.of(health("small", CircuitState.OPEN, null))).split("\n")) {
            assertThat(line).matches("# (HELP|TYPE) .*|[a-z_]+(\\{[^}]*\\})? -?[0-9.E]+");
        }
    }
}
