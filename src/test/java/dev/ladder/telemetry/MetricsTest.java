package dev.ladder.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.ladder.model.Attempt;
import dev.ladder.model.BreakerTransition;
import dev.ladder.model.CircuitState;
import dev.ladder.model.Classification;
import dev.ladder.model.DeploymentHealth;
import dev.ladder.model.Failure;
import dev.ladder.model.Tier;
import dev.ladder.pipeline.Feedback;
import dev.ladder.pipeline.MetricsSnapshot;
import dev.ladder.pipeline.RequestContext;
import dev.ladder.pipeline.RequestRecord;
import dev.ladder.testing.PromText;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class MetricsTest {

    final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-23T10:00:00Z"));
    final InstantSource clock = now::get;
    final Metrics metrics = new Metrics(clock);

    static Attempt attempt(String model, Failure f) {
        return dev.ladder.testing.AttemptFixtures.attempt(model, "p", Tier.SIMPLE, Instant.EPOCH, Duration.ofMillis(3),
                Optional.ofNullable(f));
    }

    static DeploymentHealth health(String model, CircuitState state, Duration ewma) {
        return new DeploymentHealth(model, "p", state, Instant.EPOCH, 0.25, 8, 2, Optional.ofNullable(ewma), 10, 2, 0,
                Optional.empty(), Optional.empty());
    }

    static RequestRecord record(String feature, Optional<Failure> failure, double cost, double baseline,
            Duration latency, Duration upstream) {
        RequestRecord r = RequestRecords.full("r");
        RequestContext ctx = new RequestContext(Optional.empty(), Optional.empty(), Optional.ofNullable(feature),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
        return new RequestRecord("r", r.receivedAt(), ctx, "", false, r.classification(), r.routedTier(),
                r.routeReason(), r.model(), r.answeredTier(), r.attempts(), r.escalationList(),
                failure.isPresent() ? 502 : 200, failure, latency, upstream, r.usage(), cost, baseline,
                r.cacheStatus(), 0, Optional.of("cascade"), Optional.of(Duration.ofMillis(40)));
    }

    PromText scrape(DeploymentHealth... health) {
        return PromText.parse(metrics.scrape(List.of(health)));
    }

    @Test
    void attemptsRetriesEscalationsAndBreakerEventsAreCountedUnderTheirFormerNames() {
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
        PromText p = PromText.parse(text);

        assertThat(text).contains("# TYPE ladder_attempts_total counter\n");
        assertThat(p.value("ladder_attempts_total", "model", "small", "provider", "p", "purpose", "answer",
                "outcome", "ok")).isEqualTo(1);
        assertThat(p.value("ladder_attempts_total", "model", "small", "provider", "p", "purpose", "answer",
                "outcome", "upstream_error")).isEqualTo(2);
        assertThat(p.value("ladder_retries_total", "model", "small")).isEqualTo(1);
        assertThat(p.value("ladder_breaker_rejections_total", "model", "small")).isEqualTo(1);
        assertThat(p.value("ladder_escalations_total", "from", "simple", "to", "medium", "cause", "failure"))
                .isEqualTo(1);
        assertThat(p.value("ladder_breaker_transitions_total", "model", "small", "from", "closed", "to", "open"))
                .isEqualTo(1);
        assertThat(metrics.counter("ladder_attempts_total", "model", "small", "outcome", "upstream_error"))
                .isEqualTo(2);
    }

    @Test
    void breakerStateIsAGaugePerStateWithOneForTheCurrentOne() {
        PromText p = scrape(health("small", CircuitState.HALF_OPEN, Duration.ofMillis(250)),
                health("large", CircuitState.CLOSED, null));

        assertThat(p.value("ladder_breaker_state", "model", "small", "state", "closed")).isZero();
        assertThat(p.value("ladder_breaker_state", "model", "small", "state", "open")).isZero();
        assertThat(p.value("ladder_breaker_state", "model", "small", "state", "half_open")).isEqualTo(1);
        assertThat(p.value("ladder_breaker_state", "model", "large", "state", "closed")).isEqualTo(1);
        assertThat(p.value("ladder_deployment_failure_rate", "model", "small")).isEqualTo(0.25);
        assertThat(p.value("ladder_deployment_consecutive_failures", "model", "small")).isEqualTo(2);
        assertThat(p.value("ladder_deployment_ewma_latency_seconds", "model", "small")).isEqualTo(0.25);
        assertThat(p.has("ladder_deployment_ewma_latency_seconds", "model", "large")).isFalse();
    }

    @Test
    void aLaterScrapeShowsTheBreakersNewState() {
        scrape(health("small", CircuitState.CLOSED, null));

        PromText p = scrape(health("small", CircuitState.OPEN, null));

        assertThat(p.value("ladder_breaker_state", "model", "small", "state", "open")).isEqualTo(1);
        assertThat(p.value("ladder_breaker_state", "model", "small", "state", "closed")).isZero();
    }

    @Test
    void attemptsCountTokensAndCostByModelAndPurpose() {
        Attempt a = attempt("small", null);
        metrics.attemptSucceeded(null, new Attempt(1, Attempt.Purpose.JUDGE, "small", "p", Optional.of(Tier.SIMPLE),
                Instant.EPOCH, Duration.ofMillis(3), a.sent(), new dev.ladder.model.Usage(100, 20), 0.25,
                Attempt.Outcome.ANSWERED, Optional.empty()));

        PromText p = scrape();

        assertThat(p.value("ladder_tokens_total", "model", "small", "purpose", "judge", "direction", "input"))
                .isEqualTo(100);
        assertThat(p.value("ladder_tokens_total", "model", "small", "purpose", "judge", "direction", "output"))
                .isEqualTo(20);
        assertThat(p.value("ladder_cost_usd_total", "model", "small", "purpose", "judge")).isEqualTo(0.25);
    }

    @Test
    void aFinishedRequestIsCountedWithItsBaselineLatencyOverheadAndFallback() {
        metrics.completed(record("support", Optional.empty(), 0.01, 0.05, Duration.ofMillis(300),
                Duration.ofMillis(280)));

        PromText p = scrape();

        assertThat(p.value("ladder_requests_total", "feature", "support", "tier", "medium", "model", "sonnet",
                "strategy", "cascade", "outcome", "ok")).isEqualTo(1);
        assertThat(p.value("ladder_baseline_cost_usd_total", "feature", "support")).isEqualTo(0.05);
        assertThat(p.value("ladder_requests_escalated_total", "feature", "support")).isEqualTo(1);
        // the fixture's first answer attempt timed out before the medium one answered
        assertThat(p.value("ladder_fallbacks_total", "reason", "upstream_timeout")).isEqualTo(1);
        assertThat(p.value("ladder_request_duration_seconds_count", "tier", "medium")).isEqualTo(1);
        assertThat(p.value("ladder_request_duration_seconds_sum", "tier", "medium")).isEqualTo(0.3);
        assertThat(p.value("ladder_time_to_first_token_seconds_sum", "tier", "medium")).isEqualTo(0.04);
        assertThat(p.value("ladder_gateway_overhead_seconds_sum")).isCloseTo(0.02, within(1e-9));
        assertThat(p.value("ladder_request_duration_seconds_bucket", "tier", "medium", "le", "0.5")).isEqualTo(1);
        assertThat(p.value("ladder_request_duration_seconds_bucket", "tier", "medium", "le", "0.25")).isZero();
    }

    @Test
    void featureTagsBeyondTheBoundAreCountedAsOther() {
        for (int i = 0; i < Metrics.MAX_FEATURES + 5; i++) {
            metrics.completed(record("f" + i, Optional.empty(), 0, 0, Duration.ofMillis(1), Duration.ZERO));
        }

        PromText p = scrape();

        assertThat(p.sum("ladder_requests_total", "feature", "other")).isEqualTo(5);
        assertThat(p.samples().stream().filter(s -> s.name().equals("ladder_requests_total"))
                .map(s -> s.labels().get("feature")).distinct().count()).isEqualTo(Metrics.MAX_FEATURES + 1);
    }

    @Test
    void classifierConfidenceIsAHistogramByClassifier() {
        metrics.classified(null, new Classification("heuristic", 0.2, Tier.SIMPLE, 0.85, Map.of()));
        metrics.classified(null, new Classification("heuristic", 0.2, Tier.SIMPLE, 0.35, Map.of()));

        PromText p = scrape();

        assertThat(p.value("ladder_classifier_confidence_count", "classifier", "heuristic")).isEqualTo(2);
        assertThat(p.value("ladder_classifier_confidence_bucket", "classifier", "heuristic", "le", "0.4"))
                .isEqualTo(1);
        assertThat(p.value("ladder_classifications_total", "classifier", "heuristic", "tier", "simple"))
                .isEqualTo(2);
    }

    @Test
    void feedbackCountsScoresAndRegenerations() {
        metrics.feedbackReceived(new Feedback("r1", Instant.EPOCH, OptionalDouble.of(0.9), false));
        metrics.feedbackReceived(new Feedback("r2", Instant.EPOCH, OptionalDouble.empty(), true));

        PromText p = scrape();

        assertThat(p.value("ladder_feedback_total", "kind", "score")).isEqualTo(1);
        assertThat(p.value("ladder_feedback_total", "kind", "regenerated")).isEqualTo(1);
        assertThat(p.value("ladder_feedback_score_sum")).isEqualTo(0.9);
    }

    @Test
    void driftComparesTheLastHourWithTheFirstHourOnceTheFirstHourIsOver() {
        for (int i = 0; i < 4; i++) {
            metrics.classified(null, new Classification("heuristic", 0.1, Tier.SIMPLE, 0.8, Map.of()));
        }
        assertThat(metrics.snapshot().drift().referenceReady()).isFalse();

        now.set(now.get().plus(Duration.ofMinutes(90)));
        for (int i = 0; i < 4; i++) {
            metrics.classified(null, new Classification("heuristic", 0.9, Tier.COMPLEX, 0.4, Map.of()));
        }
        MetricsSnapshot.Drift drift = metrics.snapshot().drift();
        PromText p = scrape();

        assertThat(drift.referenceReady()).isTrue();
        assertThat(drift.referenceShare()).containsEntry("simple", 1.0);
        assertThat(drift.lastHourShare()).containsEntry("complex", 1.0);
        assertThat(drift.tierDistance()).isEqualTo(1.0);
        assertThat(p.value("ladder_drift_tier_distance")).isEqualTo(1.0);
        assertThat(p.value("ladder_drift_confidence_mean", "window", "last_hour")).isCloseTo(0.4, within(1e-9));
        assertThat(p.value("ladder_drift_confidence_mean", "window", "reference")).isCloseTo(0.8, within(1e-9));
        assertThat(p.value("ladder_drift_tier_share", "tier", "simple", "window", "reference")).isEqualTo(1.0);
    }

    @Test
    void quantilesInterpolateInsideTheirBucketLikeHistogramQuantile() {
        // 10 values <= 0.1 s, 10 more <= 0.2 s: the median is the top of the first bucket, p75 half way up the next
        HistogramSnapshot s = new HistogramSnapshot(20, 0, 0, null, new CountAtBucket[] {
                new CountAtBucket(0.1e9, 10), new CountAtBucket(0.2e9, 20)}, null);

        assertThat(Metrics.quantile(s, 0.5)).isCloseTo(0.1, within(1e-9));
        assertThat(Metrics.quantile(s, 0.75)).isCloseTo(0.15, within(1e-9));
    }

    @Test
    void theSnapshotAddsUpWhatTheSeriesHold() {
        metrics.completed(record("a", Optional.empty(), 0.01, 0.05, Duration.ofMillis(300), Duration.ofMillis(280)));
        metrics.completed(record("a", Optional.of(new Failure.UpstreamError("p", 500, "x")), 0.02, 0,
                Duration.ofMillis(30), Duration.ofMillis(20)));
        metrics.attemptSucceeded(null, new Attempt(1, Attempt.Purpose.ANSWER, "small", "p", Optional.empty(),
                Instant.EPOCH, Duration.ofMillis(3), attempt("small", null).sent(), dev.ladder.model.Usage.ZERO,
                0.03, Attempt.Outcome.ANSWERED, Optional.empty()));

        MetricsSnapshot s = metrics.snapshot();
        PromText p = scrape();

        assertThat(s.requests()).isEqualTo(2).isEqualTo((long) p.sum("ladder_requests_total"));
        assertThat(s.failedRequests()).isEqualTo(1);
        assertThat(s.costUsd()).isEqualTo(p.sum("ladder_cost_usd_total")).isEqualTo(0.03);
        assertThat(s.baselineCostUsd()).isEqualTo(p.sum("ladder_baseline_cost_usd_total")).isEqualTo(0.05);
        assertThat(s.tierMix()).containsEntry("medium", 2L);
        assertThat(s.latencyP50()).isPositive();
    }
}
