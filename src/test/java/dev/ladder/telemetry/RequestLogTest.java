package dev.ladder.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ladder.model.Failure;
import dev.ladder.pipeline.Rejected;
import dev.ladder.pipeline.RequestRecord;
import dev.ladder.telemetry.TelemetryConfig.RequestLog.Format;
import dev.ladder.text.SecretMasker;
import dev.ladder.wire.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Issue 13: one structured line per request, text or JSON, with secrets and personal data masked and no prompt. */
class RequestLogTest {

    private final List<String> lines = new ArrayList<>();

    @Test
    void aTextLineHasTheRequestsDecisionAsKeyValuePairs() {
        new RequestLog(Format.TEXT, lines::add).completed(RequestRecords.full("req-1"));

        assertThat(lines).hasSize(1);
        assertThat(lines.getFirst()).startsWith("request request_id=req-1 route=support-bot model=sonnet tier=medium "
                        + "status=200 latency_ms=1234 upstream_ms=1220 cost_usd=0.00123 baseline_cost_usd=0.0456 "
                        + "cache=miss strategy=none attempts=2 escalations=1 stream=true key_id=k_1a2b "
                        + "error_type=upstream_unreachable error=")
                .doesNotContain("\n");
    }

    @Test
    void aJsonLineIsOneObjectWithTheSameFields() throws Exception {
        new RequestLog(Format.JSON, lines::add).completed(RequestRecords.minimal("req-2"));

        JsonNode line = Json.read(lines.getFirst());
        assertThat(line.path("msg").asText()).isEqualTo("request");
        assertThat(line.path("request_id").asText()).isEqualTo("req-2");
        assertThat(line.path("route").asText()).isEqualTo("default");
        assertThat(line.path("model").asText()).isEqualTo("none");
        assertThat(line.path("status").asInt()).isEqualTo(200);
        assertThat(line.path("cache").asText()).isEqualTo("exact");
        assertThat(line.path("cost_usd").isNumber()).isTrue();
        assertThat(line.path("stream").isBoolean()).isTrue();
        assertThat(line.has("error")).isFalse();
    }

    @Test
    void thePromptNeverAppearsAndErrorsAreMaskedForPersonalDataAndCredentials() throws Exception {
        RequestRecord leaky = RequestRecords.withFailure("req-3", 401, new Failure.UpstreamAuth("openai", 401,
                "Incorrect API key provided: sk-proj-abcdefghijklmnop1234. Sent \"Authorization: Bearer tok_9f8e7d6c5b\""
                        + " for bob@example.org, api_key=hunter22"));
        RequestRecord withPrompt = RequestRecords.full("req-4");

        new RequestLog(Format.JSON, lines::add).completed(leaky);
        new RequestLog(Format.TEXT, lines::add).completed(withPrompt);

        String error = Json.read(lines.getFirst()).path("error").asText();
        assertThat(error).contains("provided: " + SecretMasker.MASK).contains("Bearer " + SecretMasker.MASK)
                .contains("[email]").contains("api_key=" + SecretMasker.MASK)
                .doesNotContain("abcdefghijklmnop").doesNotContain("tok_9f8e7d6c5b").doesNotContain("bob@")
                .doesNotContain("hunter22");
        assertThat(lines.get(1)).doesNotContain("Refund order").doesNotContain(withPrompt.promptPreview())
                .doesNotContain("alice@example.com").doesNotContain("4111 1111");
    }

    @Test
    void aRequestRejectedBeforeTheChainHasItsLineToo() {
        new RequestLog(Format.TEXT, lines::add).rejected(new Rejected("req-5", "/v1/chat/completions",
                RequestRecords.RECEIVED_AT, 400, new Failure.BadRequest("messages: is required", "messages"),
                Duration.ofMillis(3)));

        assertThat(lines).containsExactly("request request_id=req-5 door=/v1/chat/completions status=400 "
                + "latency_ms=3 error_type=bad_request error=\"messages: is required\"");
    }
}
