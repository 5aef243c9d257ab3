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

    /** Rows written before the attempts table took the calls keep them as JSON; they still read back whole. */
    @Test
    void attempts_json_of_older_rows_reads_back_with_its_optional_fields() {
        String json = "[{\"model\":\"mini\",\"provider\":\"openai\",\"tier\":null,"
                + "\"started_at\":\"2026-12-06T02:06:09.000Z\",\"latency_ms\":5,\"status\":\"ok\",\"seq\":1,"
                + "\"purpose\":\"answer\",\"outcome\":\"answered\",\"prompt_tokens\":3,\"completion_tokens\":4,"
                + "\"cost_usd\":1.5E-5},{\"model\":\"gpt-4o\",\"provider\":\"openai\",\"tier\":\"complex\","
                + "\"started_at\":\"2026-12-06T02:06:09.071Z\",\"latency_ms\":340,\"status\":\"error\","
                + "\"error_kind\":\"timeout\",\"error_message\":\"no answer \\\"within\\\" 1 s\",\"seq\":2,"
                + "\"purpose\":\"answer\",\"outcome\":\"failed\",\"max_tokens\":256,\"temperature\":0.2,"
                + "\"prompt_tokens\":10,\"completion_tokens\":0,\"cost_usd\":0.0,\"accepted\":false,"
                + "\"verdict\":\"schema\"}]";
        AttemptRow full = new AttemptRow(2, "answer", "gpt-4o", "openai", Optional.of(Tier.COMPLEX),
                Instant.parse("2026-12-06T02:06:09.071Z"), 340, "failed", Optional.of("timeout"),
                Optional.of("no answer \"within\" 1 s"), OptionalInt.of(256), OptionalDouble.of(0.2), 10, 0, 0.0,
                Optional.of(false), Optional.of("schema"));
        AttemptRow bare = new AttemptRow(1, "answer", "mini", "openai", Optional.empty(),
                Instant.parse("2026-12-06T02:06:09Z"), 5, "answered", Optional.empty(), Optional.empty(),
                OptionalInt.empty(), OptionalDouble.empty(), 3, 4, 1.5E-5, Optional.empty(), Optional.empty());

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
