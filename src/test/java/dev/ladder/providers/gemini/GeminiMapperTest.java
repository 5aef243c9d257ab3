package dev.ladder.providers.gemini;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ladder.model.ChatResponse;
import dev.ladder.model.Failure;
import dev.ladder.model.LadderException;
import dev.ladder.model.Usage;
import dev.ladder.wire.Json;
import dev.ladder.wire.OpenAiRequests;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class GeminiMapperTest {

    private static JsonNode toGemini(String openAiBody) {
        return GeminiMapper.toRequest(OpenAiRequests.parse(openAiBody.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aJsonSchemaBecomesTheResponseMimeTypeAndSchema() {
        JsonNode g = toGemini("""
                {"model":"m","messages":[{"role":"user","content":"hi"}],"n":2,"seed":7,"top_p":0.5,
                 "response_format":{"type":"json_schema","json_schema":{"name":"x","schema":{"type":"object"}}}}""");

        JsonNode config = g.path("generationConfig");
        assertThat(config.path("responseMimeType").asText()).isEqualTo("application/json");
        assertThat(config.path("responseJsonSchema").path("type").asText()).isEqualTo("object");
        assertThat(config.path("candidateCount").asInt()).isEqualTo(2);
        assertThat(config.path("seed").asInt()).isEqualTo(7);
        assertThat(config.path("topP").asDouble()).isEqualTo(0.5);
    }

    @Test
    void imagesGoInlineAndConsecutiveUserTurnsMerge() {
        JsonNode g = toGemini("""
                {"model":"m","messages":[{"role":"user","content":"look"},{"role":"user","content":[
                  {"type":"text","text":"at this"},
                  {"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo="}}]}]}""");

        assertThat(g.path("contents")).hasSize(1);
        JsonNode parts = g.path("contents").get(0).path("parts");
        assertThat(parts).hasSize(3);
        assertThat(parts.get(2).path("inlineData").path("mimeType").asText()).isEqualTo("image/png");
        assertThat(parts.get(2).path("inlineData").path("data").asText()).isEqualTo("iVBORw0KGgo=");
    }

    @Test
    void anImageByUrlAndAToolResultForAnUnknownCallAreBadRequests() {
        LadderException url = catchThrowableOfType(LadderException.class, () -> toGemini("""
                {"model":"m","messages":[{"role":"user","content":[
                  {"type":"image_url","image_url":{"url":"https://example.com/cat.png"}}]}]}"""));
        LadderException tool = catchThrowableOfType(LadderException.class, () -> toGemini("""
                {"model":"m","messages":[{"role":"user","content":"hi"},
                  {"role":"tool","tool_call_id":"call_9","content":"18"}]}"""));

        assertThat(url.failure()).isInstanceOfSatisfying(Failure.BadRequest.class,
                b -> assertThat(b.param()).isEqualTo("messages[0].content[0].image_url.url"));
        assertThat(tool.failure()).isInstanceOfSatisfying(Failure.BadRequest.class,
                b -> assertThat(b.param()).isEqualTo("messages[1].tool_call_id"));
    }

    @Test
    void aNamedToolChoiceAllowsOnlyThatFunction() {
        JsonNode g = toGemini("""
                {"model":"m","messages":[{"role":"user","content":"hi"}],
                 "tools":[{"type":"function","function":{"name":"a"}},{"type":"function","function":{"name":"b"}}],
                 "tool_choice":{"type":"function","function":{"name":"b"}}}""");

        JsonNode calling = g.path("toolConfig").path("functionCallingConfig");
        assertThat(calling.path("mode").asText()).isEqualTo("ANY");
        assertThat(calling.path("allowedFunctionNames").get(0).asText()).isEqualTo("b");
        assertThat(g.path("tools").get(0).path("functionDeclarations")).hasSize(2);
    }

    @Test
    void aBlockedPromptIsAnEmptyContentFilterAnswerAndThinkingIsOutput() throws Exception {
        ChatResponse r = GeminiMapper.toResponse(Json.read("""
                {"promptFeedback":{"blockReason":"SAFETY"},
                 "usageMetadata":{"promptTokenCount":8,"candidatesTokenCount":0,"thoughtsTokenCount":5}}"""),
                "gemini-x", 0);

        assertThat(r.finishReason()).contains("content_filter");
        assertThat(r.text()).isEmpty();
        assertThat(r.usage()).contains(new Usage(8, 5));
        assertThat(r.model()).isEqualTo("gemini-x");
    }
}
