package dev.ladder.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ladder.providers.openai.FakeOpenAiServer;
import dev.ladder.wire.Json;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12: capabilities are routing constraints. Through the running gateway, against a fake upstream that
 * records every request it got: a request with tools, a JSON schema, images or a long prompt never reaches a
 * deployment without the capability (first route, failover, escalation), and when no model may serve it the
 * client gets a 400 that says why, with nothing sent upstream.
 */
class CapabilitiesTest {

    @TempDir
    Path dataDir;

    /** small: nothing; small-tools: tools only; mid: tools + json_schema, 1,000 tokens; big: 100,000 tokens. */
    static String yaml(FakeOpenAiServer up) {
        return """
                providers:
                  oa: {kind: openai, base_url: "%s"}
                models:
                  small: {provider: oa, model: up-small, price: {input: 0.1, output: 0.4}, context_window: 1000}
                  small-tools: {provider: oa, model: up-small-tools, price: {input: 0.1, output: 0.4}, context_window: 1000, capabilities: [tools]}
                  mid: {provider: oa, model: up-mid, price: {input: 1, output: 4}, context_window: 1000, capabilities: [tools, json_schema]}
                  big: {provider: oa, model: up-big, price: {input: 5, output: 20}, context_window: 100000, capabilities: [tools, json_schema]}
                tiers: {simple: [small-tools, small], medium: [mid], complex: [big]}
                routing:
                  rules:
                    - {name: start-cheap, when: {feature: cheap-first}, then: {tier: simple}}
                """.formatted(up.baseUrl());
    }

    static final String TOOLS = """
            ,"tools":[{"type":"function","function":{"name":"weather","parameters":{"type":"object"}}}]""";
    static final String SCHEMA = """
            ,"response_format":{"type":"json_schema","json_schema":{"name":"a","strict":true,"schema":
               {"type":"object","properties":{"answer":{"type":"integer"}},"required":["answer"]}}}""";

    static String request(String model, String text, String extra) {
        return "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":"
                + Json.write(Json.NODES.textNode(text)) + "}]" + extra + "}";
    }

    static JsonNode error(HttpResponse<String> r) throws Exception {
        return Json.read(r.body()).path("error");
    }

    @Test
    void aToolRequestFailsOverOnlyToDeploymentsWithTools() throws Exception {
        try (FakeOpenAiServer up = FakeOpenAiServer.start()) {
            up.script("up-small-tools", (req, out) -> out.json(500, FakeOpenAiServer.error("server_error", null, "down")));
            up.answer("up-mid", "It is sunny.", 10, 3);
            try (TestGateway gw = TestGateway.start(yaml(up), dataDir)) {
                HttpResponse<String> r = gw.post("/v1/chat/completions", request("ladder/auto", "Weather in Oslo?",
                        TOOLS), "x-ladder-feature", "cheap-first");

                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(r.headers().firstValue("x-ladder-model")).contains("mid");
                assertThat(up.requests()).extracting(q -> q.model()).contains("up-small-tools", "up-mid")
                        .doesNotContain("up-small");
            }
        }
    }

    @Test
    void aJsonSchemaRequestSkipsTheTierWithoutItAndEscalatesOnlyToModelsWithIt() throws Exception {
        try (FakeOpenAiServer up = FakeOpenAiServer.start()) {
            up.answer("up-mid", "not json", 10, 2).answer("up-big", "{\"answer\": 4}", 10, 5);
            try (TestGateway gw = TestGateway.start(yaml(up), dataDir)) {
                HttpResponse<String> r = gw.post("/v1/chat/completions", request("ladder/auto", "2+2 as JSON", SCHEMA),
                        "x-ladder-feature", "cheap-first", "x-ladder-strategy", "cascade");

                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(r.headers().firstValue("x-ladder-model")).contains("big");
                assertThat(up.requests()).extracting(q -> q.model()).containsExactly("up-mid", "up-big");
            }
        }
    }

    @Test
    void aPromptLongerThanTheSmallWindowsGoesOnlyToTheModelWhoseWindowHoldsIt() throws Exception {
        try (FakeOpenAiServer up = FakeOpenAiServer.start()) {
            up.answer("up-big", "A summary.", 3000, 3);
            try (TestGateway gw = TestGateway.start(yaml(up), dataDir)) {
                String article = "The committee met on Tuesday to review the budget. ".repeat(200);
                HttpResponse<String> r = gw.post("/v1/chat/completions", request("ladder/auto", article
                        + "\nSummarise this.", ""), "x-ladder-feature", "cheap-first");

                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(r.headers().firstValue("x-ladder-model")).contains("big");
                assertThat(up.requests()).extracting(q -> q.model()).containsExactly("up-big");
            }
        }
    }

    @Test
    void aClientMaxTokensCountsAgainstTheWindowToo() throws Exception {
        try (FakeOpenAiServer up = FakeOpenAiServer.start()) {
            up.answer("up-big", "ok", 10, 1);
            try (TestGateway gw = TestGateway.start(yaml(up), dataDir)) {
                HttpResponse<String> r = gw.post("/v1/chat/completions", request("ladder/auto", "Hi", ",\"max_tokens\":2000"),
                        "x-ladder-feature", "cheap-first");

                assertThat(r.headers().firstValue("x-ladder-model")).contains("big");
                assertThat(up.requests()).extracting(q -> q.model()).containsExactly("up-big");
            }
        }
    }

    @Test
    void whenNoModelHasTheCapabilityTheClientGetsA400NamingItAndNothingIsSentUpstream() throws Exception {
        try (FakeOpenAiServer up = FakeOpenAiServer.start()) {
            try (TestGateway gw = TestGateway.start(yaml(up), dataDir)) {
                String image = """
                        {"model":"ladder/auto","messages":[{"role":"user","content":[{"type":"text","text":"What is this?"},
                         {"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo="}}]}]}""";
                HttpResponse<String> r = gw.post("/v1/chat/completions", image);

                assertThat(r.statusCode()).isEqualTo(400);
                assertThat(error(r).path("type").asText()).isEqualTo("invalid_request_error");
                assertThat(error(r).path("code").asText()).isEqualTo("capability_not_supported");
                assertThat(error(r).path("param").asText()).isEqualTo("messages");
                assertThat(error(r).path("message").asText()).contains("vision").contains("images").contains("big");
                assertThat(up.requests()).isEmpty();
            }
        }
    }

    @Test
    void aPromptLongerThanEveryWindowIsA400WithTheTokenCountAndTheLargestWindow() throws Exception {
        try (FakeOpenAiServer up = FakeOpenAiServer.start()) {
            try (TestGateway gw = TestGateway.start(yaml(up), dataDir)) {
                HttpResponse<String> r = gw.post("/v1/chat/completions", request("ladder/auto", "Hi",
                        ",\"max_tokens\":200000"));

                assertThat(r.statusCode()).isEqualTo(400);
                assertThat(error(r).path("code").asText()).isEqualTo("context_length_exceeded");
                assertThat(error(r).path("param").asText()).isEqualTo("messages");
                assertThat(error(r).path("message").asText()).contains("200,0").contains("100,000 tokens (big");
                assertThat(up.requests()).isEmpty();
            }
        }
    }

    @Test
    void aNamedModelWithoutTheCapabilityIsA400ThatSaysWhy() throws Exception {
        try (FakeOpenAiServer up = FakeOpenAiServer.start()) {
            try (TestGateway gw = TestGateway.start(yaml(up), dataDir)) {
                HttpResponse<String> r = gw.post("/v1/chat/completions", request("small", "Weather in Oslo?", TOOLS));

                assertThat(r.statusCode()).isEqualTo(400);
                assertThat(error(r).path("param").asText()).isEqualTo("tools");
                assertThat(error(r).path("message").asText()).contains("tools").contains("small")
                        .contains("named by the client");
                assertThat(up.requests()).isEmpty();
            }
        }
    }

    @Test
    void aForcedTierWithoutTheCapabilityIsA400RatherThanAnotherTier() throws Exception {
        try (FakeOpenAiServer up = FakeOpenAiServer.start()) {
            try (TestGateway gw = TestGateway.start(yaml(up), dataDir)) {
                HttpResponse<String> r = gw.post("/v1/chat/completions", request("ladder/auto", "2+2 as JSON", SCHEMA),
                        "x-ladder-tier", "simple");

                assertThat(r.statusCode()).isEqualTo(400);
                assertThat(error(r).path("param").asText()).isEqualTo("response_format");
                assertThat(error(r).path("message").asText()).contains("json_schema").contains("x-ladder-tier");
                assertThat(up.requests()).isEmpty();
            }
        }
    }
}
