package dev.ladder.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ladder.pipeline.DecisionRow;
import dev.ladder.pipeline.DecisionRow.AttemptRow;
import dev.ladder.providers.openai.FakeOpenAiServer;
import dev.ladder.store.JdbcDecisionStore;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12: the consensus validator live through the gateway with scripted models: agreeing answers are
 * accepted, a disagreement escalates, every sample is a billed attempt, and the decision log shows each verdict.
 */
class ConsensusEndToEndTest {

    static final String QUIZ = "Which is a mammal?\nA) shark\nB) whale\nC) trout\nD) eel";

    @TempDir
    Path dataDir;

    static String yaml(FakeOpenAiServer up) {
        return """
                providers:
                  oa: {kind: openai, base_url: "%s"}
                models:
                  small: {provider: oa, model: up-small, price: {input: 0.2, output: 0.2}}
                  peer: {provider: oa, model: up-peer, price: {input: 0.3, output: 0.3}}
                  big: {provider: oa, model: up-big, price: {input: 10, output: 30}}
                tiers: {simple: [small], medium: [big], complex: [big]}
                routing:
                  strategy: cascade
                  rules:
                    - {name: start-cheap, when: {feature: quiz}, then: {tier: simple}}
                validation:
                  defaults:
                    validators:
                      refusal:
                      consensus: {models: [peer]}
                """.formatted(up.baseUrl());
    }

    @Test
    void agreeingCheapModelsAreAcceptedWithoutTheFrontierModelAndBothCallsAreBilled() throws Exception {
        try (FakeOpenAiServer up = FakeOpenAiServer.start()) {
            up.answer("up-small", "B", 40, 1).answer("up-peer", "The answer is B.", 40, 5).answer("up-big", "B", 40, 1);
            try (TestGateway gw = TestGateway.start(yaml(up), dataDir)) {
                HttpResponse<String> r = gw.post("/v1/chat/completions", TestGateway.chat("ladder/auto", QUIZ),
                        "x-ladder-feature", "quiz");
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(r.headers().firstValue("x-ladder-model")).contains("small");
                assertThat(r.headers().firstValue("x-ladder-escalations")).contains("0");
                assertThat(up.requests()).extracting(q -> q.model()).containsExactlyInAnyOrder("up-small", "up-peer");

                DecisionRow row = row(gw, r);
                assertThat(row.attempts()).extracting(a -> a.purpose() + " " + a.model())
                        .containsExactly("answer small", "sample peer");
                assertThat(row.attempts().getFirst().accepted()).contains(true);
                assertThat(row.attempts().getFirst().verdict()).hasValueSatisfying(v ->
                        assertThat(v).contains("consensus").contains("2 of 2 answers agree (choice)"));
                assertThat(row.costUsd()).isCloseTo((40 * 0.2 + 1 * 0.2 + 40 * 0.3 + 5 * 0.3) / 1e6,
                        Offset.offset(1e-12));
            }
        }
    }

    @Test
    void aDisagreementEscalatesToTheFrontierAndEveryCallIsInTheLog() throws Exception {
        try (FakeOpenAiServer up = FakeOpenAiServer.start()) {
            up.answer("up-small", "A", 40, 1).answer("up-peer", "B", 40, 1).answer("up-big", "B", 40, 1);
            try (TestGateway gw = TestGateway.start(yaml(up), dataDir)) {
                HttpResponse<String> r = gw.post("/v1/chat/completions", TestGateway.chat("ladder/auto", QUIZ),
                        "x-ladder-feature", "quiz");
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(r.headers().firstValue("x-ladder-model")).contains("big");
                assertThat(r.headers().firstValue("x-ladder-escalations")).contains("1");

                DecisionRow row = row(gw, r);
                // the frontier answer is not sampled: with no other model above it, a consensus could change nothing
                assertThat(row.attempts()).extracting(a -> a.purpose() + " " + a.model() + " "
                        + a.accepted().map(x -> x ? "accepted" : "rejected").orElse("-"))
                        .containsExactly("answer small rejected", "sample peer -", "answer big accepted");
                assertThat(row.attempts().getFirst().verdict()).hasValueSatisfying(v ->
                        assertThat(v).contains("1 of 2 answers agree").contains("'B'"));
                assertThat(row.escalationList()).singleElement().satisfies(e -> {
                    assertThat(e.cause()).isEqualTo("validation");
                    assertThat(e.reason()).contains("other models answered 'B'");
                });
                assertThat(row.costUsd()).isCloseTo(row.attempts().stream().mapToDouble(AttemptRow::costUsd).sum(),
                        Offset.offset(1e-12));
                assertThat(row.attempts()).allSatisfy(a -> assertThat(a.costUsd()).isPositive());
            }
        }
    }

    private DecisionRow row(TestGateway gw, HttpResponse<String> r) throws Exception {
        assertThat(gw.gateway.decisionLog().flush(Duration.ofSeconds(10))).isTrue();
        try (JdbcDecisionStore store = JdbcDecisionStore.open(dataDir)) {
            return store.find(r.headers().firstValue("x-ladder-request-id").orElseThrow()).orElseThrow();
        }
    }
}
