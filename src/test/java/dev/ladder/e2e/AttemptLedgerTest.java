package dev.ladder.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ladder.pipeline.DecisionRow;
import dev.ladder.pipeline.DecisionRow.AttemptRow;
import dev.ladder.providers.openai.FakeOpenAiServer;
import dev.ladder.store.JdbcDecisionStore;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10: every upstream call is an attempt that goes through the attempt chain, is priced, billed and
 * logged once. Answers, judge calls and the LLM classifier's call each have a row in the decision log's
 * {@code attempts} table, sent with their tier's settings; the request's cost is the sum of its attempts.
 */
class AttemptLedgerTest {

    @TempDir
    Path dataDir;

    static String yaml(FakeOpenAiServer up, String extra) {
        return """
                providers:
                  oa: {kind: openai, base_url: "%s"}
                models:
                  small: {provider: oa, model: up-small, price: {input: 0.1, output: 0.4}}
                  mid: {provider: oa, model: up-mid, price: {input: 1, output: 4}}
                  big: {provider: oa, model: up-big, price: {input: 5, output: 20}}
                  judge: {provider: oa, model: up-judge, price: {input: 0.2, output: 0.8}}
                  rater: {provider: oa, model: up-rater, price: {input: 0.3, output: 0.9}}
                tiers: {simple: [small], medium: [mid], complex: [big]}
                """.formatted(up.baseUrl()) + extra;
    }

    static final String CASCADE_WITH_JUDGE = """
            routing:
              rules:
                - {name: start-cheap, when: {feature: cheap-first}, then: {tier: simple}}
              tier_policy:
                simple: {max_tokens: 111}
                medium: {max_tokens: 222}
                complex: {max_tokens: 333}
            validation:
              defaults:
                validators:
                  self_eval: {model: judge, timeout: 2s, min_score: 7}
            """;

    @Test
    void aCascadeWhoseAnswersFailSelfEvaluationLogsEveryAnswerAndJudgeCallWithItsTiersMaxTokens() throws Exception {
        // the last tier's answer is not judged: with no tier above, a judge could not change the outcome
        try (FakeOpenAiServer up = FakeOpenAiServer.start()) {
            up.answer("up-small", "Paris, probably.", 20, 4).answer("up-mid", "Paris.", 60, 2)
                    .answer("up-big", "The capital of France is Paris.", 100, 8).answer("up-judge", "3", 50, 1);
            String id;
            try (TestGateway gw = TestGateway.start(yaml(up, CASCADE_WITH_JUDGE), dataDir)) {
                HttpResponse<String> r = gw.post("/v1/chat/completions",
                        TestGateway.chat("ladder/auto", "What is the capital of France?"),
                        "x-ladder-strategy", "cascade", "x-ladder-feature", "cheap-first");
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(r.headers().firstValue("x-ladder-escalations")).contains("2");
                assertThat(r.headers().firstValue("x-ladder-model")).contains("big");
                id = r.headers().firstValue("x-ladder-request-id").orElseThrow();
                assertThat(gw.gateway.decisionLog().flush(Duration.ofSeconds(10))).isTrue();
            }

            assertThat(up.requests()).extracting(q -> q.model() + " " + q.json().path("max_tokens").asInt())
                    .containsExactly("up-small 111", "up-judge 20", "up-mid 222", "up-judge 20", "up-big 333");
            List<String> judgeSaw = up.requests().stream().filter(q -> q.model().equals("up-judge"))
                    .map(q -> q.json().path("messages").path(1).path("content").asText()).toList();
            assertThat(judgeSaw).as("the judge always sees the client's question, never the escalation prompt")
                    .allSatisfy(t -> assertThat(t).startsWith("QUESTION:\nWhat is the capital of France?\n\nANSWER:")
                            .doesNotContain("not accepted"));

            try (JdbcDecisionStore store = JdbcDecisionStore.open(dataDir)) {
                DecisionRow row = store.find(id).orElseThrow();
                assertThat(row.attempts()).extracting(a -> a.seq() + " " + a.purpose() + " " + a.model() + " "
                        + a.maxTokens().orElse(-1)).containsExactly("1 answer small 111", "2 judge judge 20",
                                "3 answer mid 222", "4 judge judge 20", "5 answer big 333");
                assertThat(row.attempts()).filteredOn(a -> a.purpose().equals("answer") && !a.model().equals("big"))
                        .allSatisfy(a -> assertThat(a.accepted()).contains(false))
                        .allSatisfy(a -> assertThat(a.verdict()).hasValueSatisfying(v -> assertThat(v)
                                .contains("self_eval").contains("3/10")));
                assertThat(row.attempts()).allSatisfy(a -> assertThat(a.costUsd()).isPositive());
                assertThat(row.costUsd()).isCloseTo(row.attempts().stream().mapToDouble(AttemptRow::costUsd).sum(),
                        org.assertj.core.data.Offset.offset(1e-12));
                // small 20/4, judge 50/1 x2, mid 60/2, big 100/8 at their prices, per million tokens
                double expected = (20 * 0.1 + 4 * 0.4 + 2 * (50 * 0.2 + 1 * 0.8) + 60 * 1 + 2 * 4 + 100 * 5 + 8 * 20)
                        / 1e6;
                assertThat(row.costUsd()).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-12));
                assertThat(row.escalationList()).extracting(e -> e.from().wireName() + ">" + e.to().wireName() + " "
                        + e.cause()).containsExactly("simple>medium validation", "medium>complex validation");
                assertThat(row.escalationList()).allSatisfy(e -> assertThat(e.reason()).contains("3/10"));
                assertThat(row.model()).contains("big");
            }
            assertThat(rowsOf("SELECT COUNT(*) FROM attempts WHERE request_id = '" + id + "'")).containsExactly("5");
        }
    }

    @Test
    void theLlmClassifiersCallIsABilledAttemptBehindItsBreaker() throws Exception {
        String config = """
                routing:
                  classifiers:
                    - {type: heuristic, band: 1.0}
                    - {type: llm, model: rater, timeout: 2s}
                resilience:
                  breaker: {consecutive_failures: 2, cool_down: 60s}
                  retry: {max_attempts: 1}
                """;
        try (FakeOpenAiServer up = FakeOpenAiServer.start()) {
            up.answer("up-rater", "2", 80, 1).answer("up-mid", "A medium answer.", 30, 4)
                    .answer("up-small", "A small answer.", 30, 4).answer("up-big", "A big answer.", 30, 4);
            try (TestGateway gw = TestGateway.start(yaml(up, config), dataDir)) {
                HttpResponse<String> rated = gw.post("/v1/chat/completions",
                        TestGateway.chat("ladder/auto", "Summarise the plot of Hamlet."));
                assertThat(rated.statusCode()).isEqualTo(200);
                assertThat(rated.headers().firstValue("x-ladder-tier")).contains("medium");
                String ratedId = rated.headers().firstValue("x-ladder-request-id").orElseThrow();

                // the rater goes down: two failed calls open its breaker, the third request does not call it
                up.script("up-rater", (req, out) -> out.json(500, FakeOpenAiServer.error("server_error", null, "down")));
                for (int i = 0; i < 2; i++) {
                    assertThat(gw.post("/v1/chat/completions", TestGateway.chat("ladder/auto", "Say hi " + i))
                            .statusCode()).isEqualTo(200);
                }
                long raterCalls = up.requests().stream().filter(q -> q.model().equals("up-rater")).count();
                HttpResponse<String> unrated = gw.post("/v1/chat/completions",
                        TestGateway.chat("ladder/auto", "Say hi once more"));
                assertThat(unrated.statusCode()).isEqualTo(200);
                assertThat(up.requests().stream().filter(q -> q.model().equals("up-rater")).count())
                        .as("an open breaker keeps the classifier from calling its model").isEqualTo(raterCalls);
                assertThat(gw.gateway.health().snapshot()).filteredOn(h -> h.model().equals("rater"))
                        .singleElement().satisfies(h -> assertThat(h.state().wireName()).isEqualTo("open"));
                String unratedId = unrated.headers().firstValue("x-ladder-request-id").orElseThrow();
                assertThat(gw.gateway.decisionLog().flush(Duration.ofSeconds(10))).isTrue();

                try (JdbcDecisionStore store = JdbcDecisionStore.open(dataDir)) {
                    DecisionRow row = store.find(ratedId).orElseThrow();
                    assertThat(row.classifier()).contains("llm");
                    assertThat(row.attempts()).extracting(a -> a.purpose() + " " + a.model() + " " + a.outcome())
                            .containsExactly("classify rater answered", "answer mid answered");
                    AttemptRow classify = row.attempts().getFirst();
                    assertThat(classify.costUsd()).isCloseTo((80 * 0.3 + 1 * 0.9) / 1e6,
                            org.assertj.core.data.Offset.offset(1e-12));
                    assertThat(classify.maxTokens()).isEqualTo(OptionalInt.of(2));
                    assertThat(row.costUsd()).isCloseTo(row.attempts().stream().mapToDouble(AttemptRow::costUsd)
                            .sum(), org.assertj.core.data.Offset.offset(1e-12));

                    DecisionRow fallback = store.find(unratedId).orElseThrow();
                    assertThat(fallback.classifier()).contains("heuristic");
                    assertThat(fallback.attempts()).extracting(AttemptRow::purpose).containsExactly("answer");
                }
            }
        }
    }

    @Test
    void aRacesWinnerAndLoserAreTheirAttemptsAndTheCancelledLoserIsBilled() throws Exception {
        String config = """
                routing:
                  rules:
                    - {name: start-cheap, when: {feature: cheap-first}, then: {tier: simple}}
                """;
        try (FakeOpenAiServer up = FakeOpenAiServer.start()) {
            up.slowStream("up-small", 200, Duration.ofMillis(50));
            up.answer("up-mid", "Fast and right.", 12, 5);
            try (TestGateway gw = TestGateway.start(yaml(up, config), dataDir)) {
                HttpResponse<String> r = gw.post("/v1/chat/completions", TestGateway.chat("ladder/auto", "Hello?"),
                        "x-ladder-strategy", "race", "x-ladder-feature", "cheap-first");
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(r.headers().firstValue("x-ladder-model")).contains("mid");
                assertThat(up.awaitDisconnect(Duration.ofSeconds(5))).as("the loser's call was cancelled").isTrue();
                String id = r.headers().firstValue("x-ladder-request-id").orElseThrow();

                DecisionRow row = awaitRow(gw, id);
                assertThat(row.model()).contains("mid");
                AttemptRow winner = row.attempts().stream().filter(a -> a.model().equals("mid")).findFirst()
                        .orElseThrow();
                AttemptRow loser = row.attempts().stream().filter(a -> a.model().equals("small")).findFirst()
                        .orElseThrow();
                assertThat(winner.outcome()).isEqualTo("answered");
                assertThat(winner.accepted()).contains(true);
                assertThat(winner.costUsd()).isCloseTo((12 * 1 + 5 * 4) / 1e6, org.assertj.core.data.Offset.offset(1e-12));
                assertThat(loser.outcome()).isEqualTo("cancelled");
                assertThat(loser.promptTokens()).as("the loser's prompt is billed (counted: it reported no usage)")
                        .isPositive();
                assertThat(loser.costUsd()).isPositive();
                assertThat(row.costUsd()).isCloseTo(winner.costUsd() + loser.costUsd(),
                        org.assertj.core.data.Offset.offset(1e-12));
            }
        }
    }

    /** The request's row, once its record was emitted (a race's record waits for its loser to settle). */
    private DecisionRow awaitRow(TestGateway gw, String id) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            gw.gateway.decisionLog().flush(Duration.ofSeconds(5));
            try (JdbcDecisionStore store = JdbcDecisionStore.open(dataDir)) {
                Optional<DecisionRow> row = store.find(id);
                if (row.isPresent() || System.nanoTime() > deadline) {
                    return row.orElseThrow();
                }
            }
            Thread.sleep(50);
        }
    }

    private List<String> rowsOf(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("ladder.db"));
                Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        }
    }
}
