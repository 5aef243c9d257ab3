package dev.ladder.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ladder.providers.openai.FakeOpenAiServer;
import dev.ladder.wire.Json;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tier policy through the running gateway: sticky conversations, unsure classifications, tier defaults. */
class RoutingPolicyTest {

    @TempDir
    Path dataDir;

    static String yaml(FakeOpenAiServer upstream, String routingExtra) {
        return """
                providers:
                  oa: {kind: openai, base_url: "%s"}
                models:
                  small: {provider: oa, model: up-small, price: {input: 0.1, output: 0.4}}
                  mid: {provider: oa, model: up-mid, price: {input: 1, output: 4}}
                  big: {provider: oa, model: up-big, price: {input: 5, output: 20}}
                tiers: {simple: [small], medium: [mid], complex: [big]}
                routing:
                %s
                """.formatted(upstream.baseUrl(), routingExtra.indent(2));
    }

    static FakeOpenAiServer upstream() {
        return FakeOpenAiServer.start().answer("up-small", "small says hi", 5, 3).answer("up-mid", "mid says hi", 5, 3)
                .answer("up-big", "big says hi", 5, 3);
    }

    static String followUp(String opener, String answer, String next) {
        return "{\"model\":\"ladder/auto\",\"messages\":[{\"role\":\"user\",\"content\":" + quote(opener)
                + "},{\"role\":\"assistant\",\"content\":" + quote(answer) + "},{\"role\":\"user\",\"content\":"
                + quote(next) + "}]}";
    }

    static String quote(String s) {
        return Json.write(Json.NODES.textNode(s));
    }

    @Test
    void aFollowUpInAComplexConversationStaysComplex() throws Exception {
        try (FakeOpenAiServer up = upstream(); TestGateway gw = TestGateway.start(yaml(up, "sticky_conversations: true"), dataDir)) {
            HttpResponse<String> first = gw.post("/v1/chat/completions", TestGateway.chat("ladder/auto", Prompts.ARCHITECTURE));
            HttpResponse<String> next = gw.post("/v1/chat/completions",
                    followUp(Prompts.ARCHITECTURE, "big says hi", "Thanks! What is 2 + 2?"));
            HttpResponse<String> unrelated = gw.post("/v1/chat/completions", TestGateway.chat("ladder/auto", "What is 2 + 2?"));

            assertThat(first.headers().firstValue("x-ladder-tier")).contains("complex");
            assertThat(next.headers().firstValue("x-ladder-tier")).contains("complex");
            assertThat(unrelated.headers().firstValue("x-ladder-tier")).contains("simple");
        }
    }

    @Test
    void withoutStickinessAFollowUpIsClassifiedOnItsOwn() throws Exception {
        try (FakeOpenAiServer up = upstream(); TestGateway gw = TestGateway.start(yaml(up, "sticky_conversations: false"), dataDir)) {
            gw.post("/v1/chat/completions", TestGateway.chat("ladder/auto", Prompts.ARCHITECTURE));
            HttpResponse<String> next = gw.post("/v1/chat/completions",
                    followUp(Prompts.ARCHITECTURE, "big says hi", "Thanks! What is 2 + 2?"));

            assertThat(next.headers().firstValue("x-ladder-tier")).isNotEqualTo(java.util.Optional.of("complex"));
        }
    }

    @Test
    void anExplicitConversationIdIsSticky() throws Exception {
        try (FakeOpenAiServer up = upstream(); TestGateway gw = TestGateway.start(yaml(up, "sticky_conversations: true"), dataDir)) {
            gw.post("/v1/chat/completions", TestGateway.chat("ladder/auto", Prompts.ARCHITECTURE),
                    "x-ladder-conversation", "conv-1");
            HttpResponse<String> next = gw.post("/v1/chat/completions", TestGateway.chat("ladder/auto", "ok, thanks"),
                    "x-ladder-conversation", "conv-1");

            assertThat(next.headers().firstValue("x-ladder-tier")).contains("complex");
        }
    }

    @Test
    void anUnsureSimpleClassificationGoesUpAndTierDefaultsReachTheUpstream() throws Exception {
        String routing = """
                tier_policy:
                  simple: {min_confidence: 1.0}
                  medium: {max_tokens: 321, temperature: 0.1}
                """;
        try (FakeOpenAiServer up = upstream(); TestGateway gw = TestGateway.start(yaml(up, routing), dataDir)) {
            HttpResponse<String> r = gw.post("/v1/chat/completions", TestGateway.chat("ladder/auto", "What is 2 + 2?"));

            assertThat(r.headers().firstValue("x-ladder-tier")).contains("medium");
            assertThat(up.lastRequest().json().path("max_tokens").asInt()).isEqualTo(321);
            assertThat(up.lastRequest().json().path("temperature").asDouble()).isEqualTo(0.1);
        }
    }

    static final String RULES = """
            rules:
              - name: autocomplete
                when: {feature: autocomplete}
                then: {tier: simple}
              - name: personal-data
                when: {pii: true}
                then: {model: mid}
              - name: legal
                when: {pattern: '(?i)\\b(contract|lawsuit|indemnif\\w*)\\b'}
                then: {tier: complex}
            """;

    @Test
    void aDomainPatternSendsAShortLegalQuestionToTheComplexTier() throws Exception {
        try (FakeOpenAiServer up = upstream(); TestGateway gw = TestGateway.start(yaml(up, RULES), dataDir)) {
            HttpResponse<String> r = gw.post("/v1/chat/completions",
                    TestGateway.chat("ladder/auto", "Is this contract clause enforceable?"));

            assertThat(r.headers().firstValue("x-ladder-tier")).contains("complex");
        }
    }

    @Test
    void personalDataGoesToTheConfiguredPrivateModel() throws Exception {
        try (FakeOpenAiServer up = upstream(); TestGateway gw = TestGateway.start(yaml(up, RULES), dataDir)) {
            HttpResponse<String> r = gw.post("/v1/chat/completions",
                    TestGateway.chat("ladder/auto", "Email jane.doe@example.com to say hi"));

            assertThat(r.headers().firstValue("x-ladder-model")).contains("mid");
            assertThat(up.lastRequest().model()).isEqualTo("up-mid");
        }
    }

    @Test
    void aLatencyCriticalFeatureBypassesTheClassifier() throws Exception {
        try (FakeOpenAiServer up = upstream(); TestGateway gw = TestGateway.start(yaml(up, RULES), dataDir)) {
            HttpResponse<String> r = gw.post("/v1/chat/completions", TestGateway.chat("ladder/auto", Prompts.ARCHITECTURE),
                    "x-ladder-feature", "autocomplete");

            assertThat(r.headers().firstValue("x-ladder-tier")).contains("simple");
        }
    }
}
