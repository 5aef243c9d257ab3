package dev.ladder.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ladder.model.CacheStatus;
import dev.ladder.model.Tier;
import dev.ladder.pipeline.DecisionRow;
import dev.ladder.pipeline.Feedback;
import dev.ladder.store.JdbcDecisionStore;
import dev.ladder.wire.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** train --db, audit --db and replay on a decision log with escalations and feedback. */
class DecisionLogCommandsTest {

    private static final Instant AT = Instant.parse("2026-11-23T10:00:00Z");

    @TempDir
    Path dir;

    private static DecisionRow row(String id, String preview, Tier routed, int escalations, double cost) {
        return new DecisionRow(id, AT, Optional.empty(), Optional.empty(), Optional.of("faq"), preview, false,
                Optional.of("heuristic"), OptionalDouble.of(0.1), OptionalDouble.of(0.9), Map.of(), Optional.of(routed),
                Optional.of("sim-small"), Optional.of(routed), List.of(), 200, Optional.empty(), Optional.empty(), 10, 9,
                1_000_000, 0, cost, 2.5, CacheStatus.BYPASS, escalations);
    }

    @BeforeEach
    void writeLog() {
        List<DecisionRow> rows = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            rows.add(row("easy-" + i, "What is the capital of country number " + i + "?", Tier.SIMPLE, 0, 0.15));
            rows.add(row("hard-" + i, "Prove that the sum of the first " + i + " odd numbers is a square, step by step, "
                    + "and explain why the induction works.", Tier.SIMPLE, 1, 0.15));
        }
        rows.add(row("top", "Design a distributed database", Tier.COMPLEX, 0, 2.5));
        try (JdbcDecisionStore store = JdbcDecisionStore.open(dir)) {
            store.append(rows);
            assertThat(store.addFeedback(new Feedback("easy-0", AT, OptionalDouble.of(0.2), false))).isTrue();
            assertThat(store.addFeedback(new Feedback("hard-0", AT, OptionalDouble.empty(), true))).isTrue();
            assertThat(store.addFeedback(new Feedback("nobody", AT, OptionalDouble.of(1), false))).isFalse();
        }
    }

    @Test
    void trainLearnsFromEscalationsAndFeedbackAndSaysSoInTheModelFile() throws IOException {
        Path model = dir.resolve("m.json");

        CliRun run = CliRun.of("train", "--db", dir.resolve("ladder.db").toString(), "--out", model.toString(),
                "--l2", "0.01");

        assertThat(run.exit()).as(run.err()).isZero();
        // 16 usable rows (the one sent straight to complex says nothing about the cheap tier); 8 escalated + easy-0
        assertThat(run.out()).contains("16 rows, 9 positive");
        JsonNode training = Json.read(Files.readString(model)).path("training");
        assertThat(training.path("label").asText()).contains("escalated").contains("preview");
    }

    @Test
    void replayShowsChangedDecisionsCostAndAFeedbackRange() throws IOException {
        String demo = new String(Main.class.getResourceAsStream("/dev/ladder/demo.yaml").readAllBytes());
        // the demo has a routing section (its try-cheap rule): the candidate changes its thresholds there
        Path candidate = Files.writeString(dir.resolve("candidate.yaml"), demo.replace("\nrouting:\n",
                "\nrouting:\n  heuristic:\n    thresholds: {medium: 0.01, complex: 0.02}\n"));

        CliRun run = CliRun.of("replay", "--db", dir.toString(), "--config", candidate.toString());

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("replayed 17 logged requests").contains("masked previews")
                .contains("decisions changed: ").contains("up a tier").contains("cost: logged ")
                .contains("2 requests with feedback").contains("hard-0");
    }

    @Test
    void auditReadsTheDecisionLogsPreviewsAndSaysSo() {
        CliRun run = CliRun.of("audit", "--db", dir.toString());

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("17 requests").contains("masked 200-character prompt previews").contains("faq");
    }
}
