package dev.ladder.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ladder.model.Attempt;
import dev.ladder.model.CacheStatus;
import dev.ladder.model.Failure;
import dev.ladder.model.Tier;
import dev.ladder.pipeline.DecisionRow;
import dev.ladder.pipeline.DecisionRow.AttemptRow;
import dev.ladder.pipeline.RequestRecord;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;

class DecisionRowsTest {

    @Test
    void the_user_field_is_stored_hashed() {
        DecisionRow row = DecisionRows.toRow(RequestRecords.full("req-2"));
        assertThat(row.user()).hasValueSatisfying(u -> assertThat(u).startsWith("u_").isNotEqualTo("user-7"));
    }

    @Test
    void a_full_record_becomes_a_row_with_every_field() {
        DecisionRow row = DecisionRows.toRow(RequestRecords.full("req-1"));

        assertThat(row).isEqualTo(new DecisionRow("req-1", RequestRecords.RECEIVED_AT, Optional.of("k_1a2b"),
                Optional.of(dev.ladder.text.SecretMasker.hashed("user-7")), Optional.of("support-bot"),
                "Refund order 1234567812345678 to [email], card [card]", true, Optional.of("heuristic"),
                OptionalDouble.of(0.31), OptionalDouble.of(0.72), Map.of("code", 0.0, "length", 0.4),
                Optional.of(Tier.SIMPLE), Optional.of("sonnet"), Optional.of(Tier.MEDIUM),
                List.of(new AttemptRow(1, "answer", "mini", "openai", Optional.of(Tier.SIMPLE),
                                RequestRecords.RECEIVED_AT.plusMillis(5), 800, "failed", Optional.of("upstream_timeout"),
                                Optional.of("no answer in 800 ms for [email]"), OptionalInt.of(64),
                                OptionalDouble.empty(), 0, 0, 0, Optional.empty(), Optional.empty()),
                        new AttemptRow(2, "answer", "sonnet", "anthropic", Optional.of(Tier.MEDIUM),
                                RequestRecords.RECEIVED_AT.plusMillis(810), 420, "answered", Optional.empty(),
                                Optional.empty(), OptionalInt.of(64), OptionalDouble.empty(), 0, 0, 0, Optional.empty(),
                                Optional.empty())),
                200, Optional.of("upstream_unreachable"), Optional.of("connection reset"), 1234, 1220, 321, 87,
                0.00123, 0.0456, CacheStatus.MISS, 1, 0, Optional.of("confidence 0.72 below the floor"),
                List.of(new DecisionRow.EscalationRow(Tier.SIMPLE, Tier.MEDIUM, "failure",
                        "every deployment of simple failed"))));
    }

    @Test
    void a_record_without_classification_route_or_attempts_has_empty_fields() {
        DecisionRow row = DecisionRows.toRow(RequestRecords.minimal("req-2"));

        assertThat(row.classifier()).isEmpty();
        assertThat(row.score()).isEmpty();
        assertThat(row.confidence()).isEmpty();
        assertThat(row.features()).isEmpty();
        assertThat(row.routedTier()).isEmpty();
        assertThat(row.model()).isEmpty();
        assertThat(row.attempts()).isEmpty();
        assertThat(row.errorType()).isEmpty();
        assertThat(row.errorMessage()).isEmpty();
        assertThat(row.cacheStatus()).isEqualTo(CacheStatus.EXACT);
        assertThat(row.savedCostUsd()).isEqualTo(0.0042);
    }

    @Test
    void a_preview_cut_by_the_pipeline_loses_a_trailing_partial_address() {
        String tail = " write to alice.smith@exampl";
        String preview = "x".repeat(RequestRecord.PREVIEW_SOURCE_CHARS - tail.length()) + tail;

        DecisionRow row = DecisionRows.toRow(RequestRecords.withPreview("req-3", preview));

        assertThat(row.promptPreview()).hasSize(RequestRecord.PREVIEW_CHARS).doesNotContain("alice");
    }

    @Test
    void an_address_across_the_stored_cut_is_masked_before_the_cut() {
        String head = "y".repeat(RequestRecord.PREVIEW_CHARS - 10);
        String preview = head + " mail bob.jones@example.org please";

        DecisionRow row = DecisionRows.toRow(RequestRecords.withPreview("req-5", preview));

        assertThat(row.promptPreview()).startsWith(head + " mail [").doesNotContain("bob").hasSizeLessThanOrEqualTo(
                RequestRecord.PREVIEW_CHARS);
    }

    @Test
    void an_error_message_is_masked_and_then_capped() {
        String message = "bad input from carol@example.com: " + "z".repeat(5_000);

        DecisionRow row = DecisionRows.toRow(RequestRecords.withFailure("req-4", 400,
                new Failure.BadRequest(message, "messages")));

        assertThat(row.errorType()).contains("bad_request");
        assertThat(row.errorMessage()).get(InstanceOfAssertFactories.STRING)
                .startsWith("bad input from [email]: zzz")
                .hasSize(DecisionRows.MAX_ERROR_CHARS);
    }

    @Test
    void an_aggregate_failure_is_stored_by_kind_with_every_attempt_in_its_message() {
        Attempt failed = dev.ladder.testing.AttemptFixtures.attempt("mini", "openai", Tier.SIMPLE, RequestRecords.RECEIVED_AT, Duration.ofMillis(3),
                Optional.of(new Failure.UpstreamError("openai", 503, "overloaded")));

        DecisionRow row = DecisionRows.toRow(RequestRecords.withFailure("req-5", 503,
                new Failure.AllAttemptsFailed(List.of(failed))));

        assertThat(row.errorType()).contains("all_attempts_failed");
        assertThat(row.errorMessage()).contains("All 1 upstream attempts failed: mini (overloaded)");
        assertThat(row.status()).isEqualTo(503);
    }
}
