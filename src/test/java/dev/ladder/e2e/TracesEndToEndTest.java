package dev.ladder.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ladder.e2e.RecordingOtlpCollector.ReceivedSpan;
import dev.ladder.providers.openai.FakeOpenAiServer;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13: with {@code telemetry.tracing} on and the OTLP exporter pointed at a collector in this process, one
 * request that escalates twice yields one request span and, under it, one span per attempt (every answer and
 * every judge call) with the GenAI semantic conventions' attributes and Ladder's decisions.
 */
class TracesEndToEndTest {

    @TempDir
    Path dataDir;

    private static String yaml(FakeOpenAiServer up, String tracing) {
        return AttemptLedgerTest.yaml(up, AttemptLedgerTest.CASCADE_WITH_JUDGE) + tracing;
    }

    private static String tracing(RecordingOtlpCollector collector, boolean enabled) {
        return """
                telemetry:
                  tracing:
                    enabled: %s
                    endpoint: %s
                    headers: {x-collector-key: "${COLLECTOR_KEY}"}
                    service_name: ladder-under-test
                    sampling_ratio: 1.0
                """.formatted(enabled, collector.endpoint());
    }

    @Test
    void aCascadeThatEscalatesTwiceIsOneRequestSpanWithOneChildSpanPerAttempt() throws Exception {
        try (FakeOpenAiServer up = FakeOpenAiServer.start(); RecordingOtlpCollector collector =
                RecordingOtlpCollector.start()) {
            up.answer("up-small", "Paris, probably.", 20, 4).answer("up-mid", "Paris.", 60, 2)
                    .answer("up-big", "The capital of France is Paris.", 100, 8).answer("up-judge", "3", 50, 1);
            String id;
            try (TestGateway gw = TestGateway.start(yaml(up, tracing(collector, true)), dataDir,
                    Map.of("COLLECTOR_KEY", "s3cret"))) {
                HttpResponse<String> r = gw.post("/v1/chat/completions",
                        TestGateway.chat("ladder/auto", "What is the capital of France?"),
                        "x-ladder-strategy", "cascade", "x-ladder-feature", "cheap-first");
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(r.headers().firstValue("x-ladder-escalations")).contains("2");
                id = r.headers().firstValue("x-ladder-request-id").orElseThrow();
            } // closing the gateway flushes the exporter

            List<ReceivedSpan> spans = collector.spans();
            assertThat(collector.requestHeaders()).allSatisfy(h -> assertThat(h.get("X-collector-key"))
                    .containsExactly("s3cret"));
            assertThat(spans).allSatisfy(s -> assertThat(s.service()).isEqualTo("ladder-under-test"));
            List<ReceivedSpan> roots = spans.stream().filter(s -> s.parentSpanId().isEmpty()).toList();
            assertThat(roots).hasSize(1);
            ReceivedSpan request = roots.getFirst();
            assertThat(request.kind()).isEqualTo(SpanKind.SPAN_KIND_SERVER);
            assertThat(request.name()).isEqualTo("chat ladder/auto");
            assertThat(request.attributes()).containsEntry("ladder.request_id", id)
                    .containsEntry("gen_ai.operation.name", "chat")
                    .containsEntry("gen_ai.request.model", "ladder/auto")
                    .containsEntry("gen_ai.response.model", "up-big")
                    .containsEntry("gen_ai.provider.name", "openai")
                    .containsEntry("ladder.model", "big")
                    .containsEntry("ladder.tier", "complex")
                    .containsEntry("ladder.routed_tier", "simple")
                    .containsEntry("ladder.strategy", "cascade")
                    .containsEntry("ladder.escalations", 2L)
                    .containsEntry("ladder.escalation_cause", "validation")
                    .containsEntry("ladder.feature", "cheap-first")
                    .containsEntry("ladder.cache", "bypass")
                    .containsEntry("http.response.status_code", 200L)
                    .containsKeys("ladder.cost_usd", "ladder.baseline_cost_usd", "gen_ai.usage.input_tokens",
                            "gen_ai.usage.output_tokens");
            assertThat((String) request.attribute("ladder.escalation_reason")).contains("simple->medium")
                    .contains("medium->complex").contains("3/10");
            assertThat(request.attributes().keySet()).as("no prompt or answer text on a span")
                    .noneMatch(k -> k.contains("prompt") || k.contains("completion") || k.contains("content"));

            List<ReceivedSpan> attempts = spans.stream().filter(s -> !s.parentSpanId().isEmpty())
                    .sorted(java.util.Comparator.comparing(s -> (Long) s.attribute("ladder.attempt.seq"))).toList();
            assertThat(attempts).hasSize(5).allSatisfy(a -> {
                assertThat(a.traceId()).isEqualTo(request.traceId());
                assertThat(a.parentSpanId()).isEqualTo(request.spanId());
                assertThat(a.kind()).isEqualTo(SpanKind.SPAN_KIND_CLIENT);
                assertThat(a.startNanos()).isGreaterThanOrEqualTo(request.startNanos());
                assertThat(a.endNanos()).isLessThanOrEqualTo(request.endNanos());
                assertThat(a.attributes()).containsEntry("gen_ai.operation.name", "chat")
                        .containsEntry("gen_ai.provider.name", "openai").containsEntry("gen_ai.system", "openai")
                        .containsEntry("ladder.attempt.outcome", "answered");
                assertThat((Long) a.attribute("gen_ai.usage.input_tokens")).isPositive();
                assertThat((Double) a.attribute("ladder.cost_usd")).isPositive();
            });
            assertThat(attempts).extracting(a -> a.name() + " " + a.attribute("ladder.attempt.purpose") + " "
                    + a.attribute("gen_ai.request.max_tokens") + " " + a.attribute("ladder.attempt.verdict"))
                    .containsExactly("chat up-small answer 111 rejected", "chat up-judge judge 20 null",
                            "chat up-mid answer 222 rejected", "chat up-judge judge 20 null",
                            "chat up-big answer 333 accepted");
            assertThat(attempts).extracting(a -> a.attribute("gen_ai.usage.input_tokens") + "/"
                    + a.attribute("gen_ai.usage.output_tokens") + " " + a.attribute("ladder.tier"))
                    .containsExactly("20/4 simple", "50/1 null", "60/2 medium", "50/1 null", "100/8 complex");
            assertThat(attempts.getFirst().attributes()).containsEntry("gen_ai.request.model", "up-small")
                    .containsEntry("gen_ai.response.model", "up-small").containsEntry("ladder.model", "small");
            assertThat((String) attempts.getFirst().attribute("ladder.attempt.verdict_details")).contains("3/10");
        }
    }

    @Test
    void withTracingOffNothingIsExported() throws Exception {
        try (FakeOpenAiServer up = FakeOpenAiServer.start(); RecordingOtlpCollector collector =
                RecordingOtlpCollector.start()) {
            up.answer("up-small", "Paris.", 20, 4).answer("up-judge", "9", 50, 1);
            try (TestGateway gw = TestGateway.start(yaml(up, tracing(collector, false)), dataDir,
                    Map.of("COLLECTOR_KEY", "s3cret"))) {
                HttpResponse<String> r = gw.post("/v1/chat/completions",
                        TestGateway.chat("ladder/auto", "What is the capital of France?"),
                        "x-ladder-strategy", "cascade", "x-ladder-feature", "cheap-first");
                assertThat(r.statusCode()).isEqualTo(200);
            }
            assertThat(collector.spans()).isEmpty();
            assertThat(collector.requestHeaders()).isEmpty();
        }
    }
}
