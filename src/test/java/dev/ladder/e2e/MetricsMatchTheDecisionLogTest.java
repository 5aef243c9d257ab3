package dev.ladder.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.ladder.cli.Gateway;
import dev.ladder.config.LadderConfig;
import dev.ladder.model.CacheStatus;
import dev.ladder.pipeline.DecisionRow;
import dev.ladder.store.JdbcDecisionStore;
import dev.ladder.testing.PromText;
import dev.ladder.testing.Required;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13's acceptance for metrics: 200 mixed requests (cascade escalations, cache hits, outright failures,
 * 429s from the chaotic upstreams) through the demo gateway; then every count and cost sum that /metrics
 * exports equals what the decision log holds, and {@code promtool check metrics} accepts the exposition.
 */
@Tag("slow")
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class MetricsMatchTheDecisionLogTest {

    static final int REQUESTS = 200;

    @TempDir
    Path dataDir;

    @Test
    void afterMixedTrafficTheMetricsCountAndCostWhatTheDecisionLogHolds() throws Exception {
        LadderConfig cfg = MixedTraffic.config(dataDir, 0.3);
        String text;
        try (Gateway gw = Gateway.start(cfg, InstantSource.system())) {
            MixedTraffic.send(gw, REQUESTS);
            assertThat(gw.decisionLog().flush(Duration.ofSeconds(20))).isTrue();
            awaitNothingInFlight(gw);
            text = gw.metrics().scrape(gw.health().snapshot());
        }
        PromText m = PromText.parse(text);
        List<DecisionRow> rows;
        try (JdbcDecisionStore store = JdbcDecisionStore.open(dataDir)) {
            rows = store.recent(10_000);
        }
        List<DecisionRow.AttemptRow> attempts = rows.stream().flatMap(r -> r.attempts().stream()).toList();

        // the traffic really was mixed
        assertThat(rows).hasSize(REQUESTS);
        assertThat(rows).anyMatch(r -> r.escalations() > 0).anyMatch(r -> r.cacheStatus() == CacheStatus.EXACT)
                .anyMatch(r -> r.status() >= 500).anyMatch(r -> r.status() == 200);
        assertThat(attempts).anyMatch(a -> a.errorKind().equals(java.util.Optional.of("rate_limited")));

        // requests: total, by outcome, by answering tier and model, by feature
        assertThat(m.sum("ladder_requests_total")).isEqualTo(rows.size());
        assertThat(m.sum("ladder_requests_total", "outcome", "ok"))
                .isEqualTo(rows.stream().filter(r -> r.errorType().isEmpty() && r.status() < 400).count());
        for (String feature : MixedTraffic.FEATURES) {
            assertThat(m.sum("ladder_requests_total", "feature", feature)).as(feature)
                    .isEqualTo(rows.stream().filter(r -> r.feature().equals(java.util.Optional.of(feature))).count());
        }
        for (String model : List.of("sim-small", "sim-small-b", "sim-medium", "sim-medium-b", "sim-large")) {
            assertThat(m.sum("ladder_requests_total", "model", model)).as(model)
                    .isEqualTo(rows.stream().filter(r -> r.model().equals(java.util.Optional.of(model))).count());
        }
        // cost and baseline: the log's sums, to the last rounding error
        assertThat(m.sum("ladder_cost_usd_total")).isPositive()
                .isCloseTo(rows.stream().mapToDouble(DecisionRow::costUsd).sum(), within(1e-9));
        assertThat(m.sum("ladder_baseline_cost_usd_total")).isPositive()
                .isCloseTo(rows.stream().mapToDouble(DecisionRow::baselineCostUsd).sum(), within(1e-9));
        // attempts, failed attempts by kind, tokens
        assertThat(m.sum("ladder_attempts_total")).isEqualTo(attempts.size());
        assertThat(m.sum("ladder_attempts_total", "outcome", "rate_limited"))
                .isEqualTo(attempts.stream().filter(a -> a.errorKind().equals(java.util.Optional.of("rate_limited")))
                        .count());
        assertThat(m.sum("ladder_tokens_total", "direction", "input"))
                .isEqualTo(attempts.stream().mapToLong(DecisionRow.AttemptRow::promptTokens).sum());
        assertThat(m.sum("ladder_tokens_total", "direction", "output"))
                .isEqualTo(attempts.stream().mapToLong(DecisionRow.AttemptRow::completionTokens).sum());
        // escalations: each move, and the requests that moved
        assertThat(m.sum("ladder_escalations_total")).isPositive()
                .isEqualTo(rows.stream().mapToInt(DecisionRow::escalations).sum());
        assertThat(m.sum("ladder_requests_escalated_total"))
                .isEqualTo(rows.stream().filter(r -> r.escalations() > 0).count());
        // cache: hits and what they saved
        assertThat(m.sum("ladder_cache_lookups_total", "layer", "exact", "result", "hit"))
                .isEqualTo(rows.stream().filter(r -> r.cacheStatus() == CacheStatus.EXACT).count());
        assertThat(m.sum("ladder_cache_saved_cost_usd_total")).isPositive()
                .isCloseTo(rows.stream().mapToDouble(DecisionRow::savedCostUsd).sum(), within(1e-9));
        // latency histogram: one observation per request
        assertThat(m.sum("ladder_request_duration_seconds_count")).isEqualTo(rows.size());

        promtoolAccepts(text);
    }

    private void promtoolAccepts(String text) throws Exception {
        Path promtool = Required.executable("promtool", "prometheus");
        Path file = dataDir.resolve("metrics.txt");
        Files.writeString(file, text, StandardCharsets.UTF_8);
        Process p = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectInput(file.toFile())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("promtool check metrics said:\n" + out).isZero();
    }

    private static void awaitNothingInFlight(Gateway gw) throws InterruptedException {
        for (int i = 0; i < 200 && gw.metrics().counter("ladder_requests_total") < REQUESTS; i++) {
            Thread.sleep(25);
        }
    }
}
