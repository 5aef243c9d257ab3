package dev.ladder.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ladder.model.Tier;
import dev.ladder.pipeline.DecisionRow;
import dev.ladder.pipeline.DecisionRow.AttemptRow;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class DecisionJsonTest {

    @Test
    void features_are_an_object_with_sorted_keys_and_read_back_the_same() {
        Map<String, Double> features = Map.of("words", 12.0, "code", 0.25, "math", 1.0E-7);

        String json = DecisionJson.features(features);

        assertThat(json).isEqualTo("{\"code\":0.25,\"math\":1.0E-7,\"words\":12.0}");
        assertThat(DecisionJson.features(json)).isEqualTo(features);
    }

    @Test
    void an_attempt_carries_its_optional_fields_only_when_present_and_reads_back_the_same() {
        AttemptRow full = new AttemptRow(2, "answer", "gpt-4o", "openai", Optional.of(Tier.COMPLEX),
                Instant.parse("2026-12-06T02:06:09.071Z"), 340, "failed", Optional.of("timeout"),
                Optional.of("no answer \"within\" 1 s"), OptionalInt.of(256), OptionalDouble.of(0.2), 10, 0, 0.0,
                Optional.of(false), Optional.of("schema"));
        AttemptRow bare = new AttemptRow(1, "answer", "mini", "openai", Optional.empty(),
                Instant.parse("2026-12-06T02:06:09Z"), 5, "answered", Optional.empty(), Optional.empty(),
                OptionalInt.empty(), OptionalDouble.empty(), 3, 4, 1.5E-5, Optional.empty(), Optional.empty());

        String json = DecisionJson.attempts(List.of(bare, full));

        assertThat(json).startsWith("[{\"model\":\"mini\",\"provider\":\"openai\",\"tier\":null,"
                + "\"started_at\":\"2026-12-06T02:06:09.000Z\",\"latency_ms\":5,\"status\":\"ok\",\"seq\":1,"
                + "\"purpose\":\"answer\",\"outcome\":\"answered\",\"prompt_tokens\":3,\"completion_tokens\":4,"
                + "\"cost_usd\":1.5E-5},");
        assertThat(json).contains("\"error_message\":\"no answer \\\"within\\\" 1 s\"", "\"max_tokens\":256",
                "\"temperature\":0.2", "\"accepted\":false", "\"verdict\":\"schema\"");
        assertThat(DecisionJson.attempts(json)).containsExactly(bare, full);
    }

    @Test
    void escalations_read_back_the_same() {
        List<DecisionRow.EscalationRow> escalations = List.of(
                new DecisionRow.EscalationRow(Tier.SIMPLE, Tier.MEDIUM, "validation", "not JSON"));

        assertThat(DecisionJson.escalations(DecisionJson.escalations(escalations))).isEqualTo(escalations);
        assertThat(DecisionJson.escalations(List.of())).isEqualTo("[]");
    }
}
