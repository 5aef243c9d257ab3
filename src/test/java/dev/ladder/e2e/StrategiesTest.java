package dev.ladder.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ladder.providers.openai.FakeOpenAiServer;
import dev.ladder.wire.Json;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Cascade and race through the running gateway, against scripted upstreams. */
class StrategiesTest {

    @TempDir
    Path dataDir;

    static final String SCHEMA_REQUEST = """
            {"model":"ladder/auto","messages":[{"role":"user","content":"Give me the answer as JSON"}],
             "response_format":{"type":"json_schema","json_schema":{"name":"a","strict":true,"schema":
               {"type":"object","properties":{"answer":{"type":"integer"}},"required":["answer"]}}}%s}
            """;

    static String yaml(FakeOpenAiServer up) {
        return """
                providers:
                  oa: {kind: openai, base_url: "%s"}
                models:
                  small: {provider: oa, model: up-small, price: {input: 0.1, output: 0.4}, capabilities: [json_schema, streaming]}
                  mid: {provider: oa, model: up-mid, price: {input: 1, output: 4}, capabilities: [json_schema, streaming]}
                  big: {provider: oa, model: up-big, price: {input: 5, output: 20}, capabilities: [json_schema, streaming]}
                tiers: {simple: [small], medium: [mid], complex: [big]}
                routing:
                  rules:
                    - {name: start-cheap, when: {feature: cheap-first}, then: {tier: simple}}
                """.formatted(up.baseUrl());
    }

    @Test
    void aCascadeEscalatesInvalidJsonAndTheNextTierSeesWhyWithTheRejectedAnswer() throws Exception {
        try (FakeOpenAiServer up = FakeOpenAiServer.start()) {
            up.answer("up-small", "Sure! The answer is 42.", 10, 6).answer("up-mid", "{\"answer\": 42}", 30, 5);
            try (TestGateway gw = TestGateway.start(yaml(up), dataDir)) {
                HttpResponse<String> r = gw.post("/v1/chat/completions", SCHEMA_REQUEST.formatted(""),
                        "x-ladder-strategy", "cascade", "x-ladder-feature", "cheap-first");

                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(Json.read(r.body()).path("choices").path(0).path("message").path("content").asText())
                        .isEqualTo("{\"answer\": 42}");
                assertThat(r.headers().firstValue("x-ladder-model")).contains("mid");
                assertThat(r.headers().firstValue("x-ladder-escalations")).contains("1");
                var sentToMid = up.lastRequest();
                assertThat(sentToMid.model()).isEqualTo("up-mid");
                assertThat(sentToMid.body()).contains("Sure! The answer is 42.").contains("not accepted")
                        .contains("JSON");
                double cost = Double.parseDouble(r.headers().firstValue("x-ladder-cost-usd").orElseThrow());
                assertThat(cost).as("both tiers' calls are billed").isGreaterThan(30 * 1e-6 + 5 * 4e-6 - 1e-12);
            }
        }
    }

    /**
     * Issue 12: the top tier's answer is not the JSON asked for either. Before, it came back with 200, a silent
     * pass of an answer the client cannot parse; now it is an explicit 502 naming every answer.
     */
    @Test
    void aCascadeNeverEscalatesMoreThanTwiceAndAnUnusableLastAnswerIsA502NotASilentPass() throws Exception {
        try (FakeOpenAiServer up = FakeOpenAiServer.start()) {
            up.answer("up-small", "no json", 10, 2).answer("up-mid", "still no json", 10, 3)
                    .answer("up-big", "not json either", 10, 3);
            try (TestGateway gw = TestGateway.start(yaml(up), dataDir)) {
                HttpResponse<String> r = gw.post("/v1/chat/completions", SCHEMA_REQUEST.formatted(""),
                        "x-ladder-strategy", "cascade", "x-ladder-feature", "cheap-first");

                assertThat(r.statusCode()).isEqualTo(502);
                var error = Json.read(r.body()).path("error");
                assertThat(error.path("code").asText()).isEqualTo("validation_failed");
                assertThat(error.path("message").asText()).contains("JSON").contains("small").contains("big")
                        .doesNotContain("not json either");
                assertThat(error.path("attempts")).hasSize(3);
                assertThat(error.path("attempts")).allSatisfy(a -> assertThat(a.path("accepted").asBoolean(true))
                        .isFalse());
                assertThat(up.requests()).extracting(q -> q.model()).containsExactly("up-small", "up-mid", "up-big");
            }
        }
    }

    @Test
    void aRejectionOtherThanTheJsonCheckAtTheLastTierStillReturnsTheBestAnswer() throws Exception {
        try (FakeOpenAiServer up = FakeOpenAiServer.start()) {
            up.answer("up-big", "I'm sorry, but I can't help with that.", 10, 9);
            try (TestGateway gw = TestGateway.start(yaml(up), dataDir)) {
                HttpResponse<String> r = gw.post("/v1/chat/completions", TestGateway.chat("ladder/auto",
                        "Tell me about the weather"), "x-ladder-strategy", "cascade", "x-ladder-tier", "complex");

                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(Json.read(r.body()).path("choices").path(0).path("message").path("content").asText())
                        .contains("can't help");
            }
        }
    }

    @Test
    void aStreamingCascadeWhoseLastAnswerIsUnusableIsA502BeforeAnyByteIsStreamed() throws Exception {
        try (FakeOpenAiServer up = FakeOpenAiServer.start()) {
            up.answer("up-mid", "still no json", 10, 3).answer("up-big", "not json either", 10, 3);
            try (TestGateway gw = TestGateway.start(yaml(up), dataDir)) {
                HttpResponse<String> r = gw.post("/v1/chat/completions", SCHEMA_REQUEST.formatted(",\"stream\":true"),
                        "x-ladder-strategy", "cascade", "x-ladder-tier", "medium");

                assertThat(r.statusCode()).isEqualTo(502);
                assertThat(r.body()).doesNotContain("not json either").contains("validation_failed");
                assertThat(up.requests()).extracting(q -> q.model()).containsExactly("up-mid");
            }
        }
    }

    @Test
    void aStreamingCascadeValidatesTheWholeAnswerBeforeTheClientSeesAByte() throws Exception {
        try (FakeOpenAiServer up = FakeOpenAiServer.start()) {
            up.answer("up-small", "Sure! The answer is 42.", 10, 6).answer("up-mid", "{\"answer\": 42}", 30, 5);
            try (TestGateway gw = TestGateway.start(yaml(up), dataDir)) {
                HttpResponse<String> r = gw.post("/v1/chat/completions",
                        SCHEMA_REQUEST.formatted(",\"stream\":true"), "x-ladder-strategy", "cascade", "x-ladder-feature", "cheap-first");

                assertThat(r.body()).doesNotContain("Sure!").contains("answer").endsWith("data: [DONE]\n\n");
                assertThat(r.headers().firstValue("x-ladder-model")).contains("mid");
            }
        }
    }

    @Test
    void aRaceReturnsTheFasterValidAnswerAndCancelsTheSlowerCall() throws Exception {
        try (FakeOpenAiServer up = FakeOpenAiServer.start()) {
            up.slowStream("up-small", 100, Duration.ofMillis(50));
            up.answer("up-mid", "{\"answer\": 7}", 12, 5);
            try (TestGateway gw = TestGateway.start(yaml(up), dataDir)) {
                HttpResponse<String> r = gw.post("/v1/chat/completions", SCHEMA_REQUEST.formatted(""),
                        "x-ladder-strategy", "race", "x-ladder-feature", "cheap-first");

                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(r.headers().firstValue("x-ladder-model")).contains("mid");
                assertThat(Json.read(r.body()).path("choices").path(0).path("message").path("content").asText())
                        .isEqualTo("{\"answer\": 7}");
                assertThat(up.awaitDisconnect(Duration.ofSeconds(3))).as("the slow call was cancelled upstream").isTrue();
            }
        }
    }

    @Test
    void anUnknownStrategyIsABadRequest() throws Exception {
        try (FakeOpenAiServer up = FakeOpenAiServer.start(); TestGateway gw = TestGateway.start(yaml(up), dataDir)) {
            HttpResponse<String> r = gw.post("/v1/chat/completions", TestGateway.chat("ladder/auto", "hi"),
                    "x-ladder-strategy", "lottery");

            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(Json.read(r.body()).path("error").path("param").asText()).isEqualTo("x-ladder-strategy");
        }
    }
}
