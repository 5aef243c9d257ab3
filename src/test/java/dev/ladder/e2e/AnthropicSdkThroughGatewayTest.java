package dev.ladder.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ladder.providers.anthropic.FakeAnthropicServer;
import dev.ladder.providers.openai.FakeOpenAiServer;
import dev.ladder.testing.NodeScripts;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Anthropic TypeScript SDK ({@code @anthropic-ai/sdk}, run by node from src/test/node-protocols) speaking
 * {@code /v1/messages} to the gateway, which routes it through the same chain to an OpenAI-kind upstream and to an
 * Anthropic upstream (fakes over real HTTP): {@code messages.create} and {@code messages.stream}, text and a tool call.
 */
@Tag("slow")
class AnthropicSdkThroughGatewayTest {

    static final String ANSWER = "Natalia sold 48/2 = 24 clips in May. Altogether she sold 48+24 = 72 clips. #### 72";
    static final String ARGUMENTS = "{\"city\":\"Paris\"}";

    @TempDir
    Path dataDir;

    final NodeScripts node = NodeScripts.in("node-protocols");

    @Test
    void theAnthropicSdkTalksToAnOpenAiUpstreamThroughTheGateway() throws Exception {
        try (FakeOpenAiServer upstream = FakeOpenAiServer.start()) {
            upstream.answer("up-text", ANSWER, 31, 27).toolCall("up-tool", "call_1", "get_weather", ARGUMENTS, 40, 12);
            String yaml = """
                    providers:
                      oa: {kind: openai, base_url: "%s"}
                    models:
                      text: {provider: oa, model: up-text, price: {input: 1, output: 2}}
                      tools: {provider: oa, model: up-tool, price: {input: 1, output: 2}, capabilities: [tools, streaming]}
                    tiers: {simple: [text], medium: [text], complex: [tools]}
                    """.formatted(upstream.baseUrl());
            try (TestGateway gw = TestGateway.start(yaml, dataDir)) {
                assertAnthropicClientWorks(gw);

                JsonNode sent = upstream.requests().stream().filter(r -> r.model().equals("up-text")).findFirst()
                        .orElseThrow().json();
                assertThat(sent.path("messages").get(0).path("role").asText()).isEqualTo("system");
                assertThat(sent.path("max_tokens").asInt()).isEqualTo(256);

                JsonNode toolResultTurn = upstream.lastRequest().json().path("messages");
                assertThat(toolResultTurn.get(toolResultTurn.size() - 1).path("role").asText()).isEqualTo("tool");
                assertThat(toolResultTurn.get(toolResultTurn.size() - 1).path("tool_call_id").asText())
                        .isEqualTo("toolu_1");
            }
        }
    }

    @Test
    void theAnthropicSdkTalksToAnAnthropicUpstreamThroughTheGateway() throws Exception {
        try (FakeAnthropicServer upstream = FakeAnthropicServer.start()) {
            upstream.answer("claude-text", ANSWER, 31, 27);
            upstream.toolUse("claude-tool", "call_1", "get_weather", ARGUMENTS, 40, 12);
            String yaml = """
                    providers:
                      an: {kind: anthropic, base_url: "%s", api_key: "${AN_KEY}"}
                    models:
                      text: {provider: an, model: claude-text, price: {input: 3, output: 15}}
                      tools: {provider: an, model: claude-tool, price: {input: 3, output: 15}, capabilities: [tools, streaming]}
                    tiers: {simple: [text], medium: [text], complex: [tools]}
                    """.formatted(upstream.baseUrl());
            try (TestGateway gw = TestGateway.start(yaml, dataDir, Map.of("AN_KEY", "sk-ant-upstream"))) {
                assertAnthropicClientWorks(gw);

                assertThat(upstream.lastRequest().header("x-api-key")).contains("sk-ant-upstream");
            }
        }
    }

    private void assertAnthropicClientWorks(TestGateway gw) {
        JsonNode runs = node.run("anthropic.mjs", gw.baseUrl(), "create-text=text", "stream-text=text",
                "create-tool=tools", "stream-tool=tools", "tool-result=tools", "bad-request=text");

        JsonNode created = runs.path("create-text");
        assertThat(created.path("text").asText()).isEqualTo(ANSWER);
        assertThat(created.path("stop_reason").asText()).isEqualTo("end_turn");
        assertThat(created.path("usage").path("input_tokens").asInt()).isEqualTo(31);
        assertThat(created.path("usage").path("output_tokens").asInt()).isEqualTo(27);
        assertThat(created.path("id").asText()).startsWith("msg_");

        JsonNode streamed = runs.path("stream-text");
        assertThat(streamed.path("text").asText()).isEqualTo(ANSWER);
        assertThat(streamed.path("stop_reason").asText()).isEqualTo("end_turn");
        assertThat(streamed.path("usage").path("output_tokens").asInt()).isEqualTo(27);
        assertThat(streamed.path("usage").path("input_tokens").asInt()).isEqualTo(31);
        assertThat(streamed.path("events").toString()).contains("message_start", "content_block_start",
                "content_block_delta", "content_block_stop", "message_delta", "message_stop");

        JsonNode tool = runs.path("create-tool");
        assertThat(tool.path("stop_reason").asText()).isEqualTo("tool_use");
        assertThat(tool.path("tools").get(0).path("name").asText()).isEqualTo("get_weather");
        assertThat(tool.path("tools").get(0).path("input").path("city").asText()).isEqualTo("Paris");
        assertThat(tool.path("tools").get(0).path("id").asText()).isEqualTo("call_1");

        JsonNode streamedTool = runs.path("stream-tool");
        assertThat(streamedTool.path("stop_reason").asText()).isEqualTo("tool_use");
        assertThat(streamedTool.path("tools").get(0).path("input").path("city").asText()).isEqualTo("Paris");
        assertThat(streamedTool.path("usage").path("output_tokens").asInt()).isEqualTo(12);

        assertThat(runs.path("tool-result").path("stop_reason").asText()).isIn("tool_use", "end_turn");

        JsonNode bad = runs.path("bad-request");
        assertThat(bad.path("status").asInt()).isEqualTo(400);
        assertThat(bad.path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(bad.path("message").asText()).contains("max_tokens");
    }
}
