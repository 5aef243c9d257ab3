package dev.ladder.providers.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ladder.model.ChatResponse;
import dev.ladder.model.Failure;
import dev.ladder.model.LadderException;
import dev.ladder.model.Usage;
import dev.ladder.providers.ErrorBody;
import dev.ladder.wire.Json;
import dev.ladder.wire.OpenAiRequests;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AnthropicMapperTest {

    private static final String USER_HI = "{\"role\":\"user\",\"content\":\"hi\"}";

    // ---- request ----

    @Test
    void systemAndDeveloperMessagesJoinIntoTheTopLevelSystemPrompt() {
        JsonNode r = request("{\"model\":\"m\",\"messages\":[{\"role\":\"system\",\"content\":\"Be brief.\"},"
                + "{\"role\":\"developer\",\"content\":[{\"type\":\"text\",\"text\":\"Use French.\"}]}," + USER_HI + "]}");

        assertThat(r.path("system").asText()).isEqualTo("Be brief.\n\nUse French.");
        assertThat(r.path("messages")).hasSize(1);
        assertThat(r.path("messages").get(0).path("role").asText()).isEqualTo("user");
        assertThat(r.path("messages").get(0).path("content").get(0).path("text").asText()).isEqualTo("hi");
    }

    @Test
    void withoutSystemMessagesThereIsNoSystemField() {
        assertThat(request("{\"model\":\"m\",\"messages\":[" + USER_HI + "]}").has("system")).isFalse();
    }

    @Test
    void consecutiveTurnsOfOneRoleMergeSoRolesAlternate() {
        JsonNode r = request("{\"model\":\"m\",\"messages\":[" + USER_HI + ",{\"role\":\"user\",\"content\":\"again\"},"
                + "{\"role\":\"assistant\",\"content\":\"yes\"},{\"role\":\"assistant\",\"content\":\"more\"}]}");

        JsonNode messages = r.path("messages");
        assertThat(messages).hasSize(2);
        assertThat(texts(messages.get(0))).isEqualTo("hi|again");
        assertThat(texts(messages.get(1))).isEqualTo("yes|more");
    }

    @Test
    void assistantToolCallsBecomeToolUseBlocksWithTheirArgumentsAsObjects() {
        JsonNode r = request("{\"model\":\"m\",\"messages\":[" + USER_HI + ",{\"role\":\"assistant\",\"content\":null,"
                + "\"tool_calls\":[{\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\","
                + "\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}},{\"id\":\"call_2\",\"type\":\"function\","
                + "\"function\":{\"name\":\"now\",\"arguments\":\"\"}}]}]}");

        JsonNode blocks = r.path("messages").get(1).path("content");
        assertThat(blocks).hasSize(2);
        assertThat(blocks.get(0).path("type").asText()).isEqualTo("tool_use");
        assertThat(blocks.get(0).path("id").asText()).isEqualTo("call_1");
        assertThat(blocks.get(0).path("name").asText()).isEqualTo("get_weather");
        assertThat(blocks.get(0).path("input").path("city").asText()).isEqualTo("Paris");
        assertThat(blocks.get(1).path("input").isObject()).isTrue();
        assertThat(blocks.get(1).path("input")).isEmpty();
    }

    @Test
    void toolArgumentsThatAreNotAJsonObjectAreABadRequest() {
        Failure f = badRequest("{\"model\":\"m\",\"messages\":[" + USER_HI + ",{\"role\":\"assistant\",\"tool_calls\":"
                + "[{\"id\":\"c\",\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"{oops\"}}]}]}");

        assertThat(((Failure.BadRequest) f).param()).isEqualTo("messages[1].tool_calls[0].function.arguments");
    }

    @Test
    void consecutiveToolResultsShareOneUserTurnWithTheNextUserMessage() {
        JsonNode r = request("{\"model\":\"m\",\"messages\":[" + USER_HI + ",{\"role\":\"assistant\",\"tool_calls\":["
                + "{\"id\":\"c1\",\"type\":\"function\",\"function\":{\"name\":\"a\",\"arguments\":\"{}\"}},"
                + "{\"id\":\"c2\",\"type\":\"function\",\"function\":{\"name\":\"b\",\"arguments\":\"{}\"}}]},"
                + "{\"role\":\"tool\",\"tool_call_id\":\"c1\",\"content\":\"sunny\"},"
                + "{\"role\":\"tool\",\"tool_call_id\":\"c2\",\"content\":[{\"type\":\"text\",\"text\":\"12:00\"}]},"
                + "{\"role\":\"user\",\"content\":\"thanks\"}]}");

        JsonNode messages = r.path("messages");
        assertThat(messages).hasSize(3);
        JsonNode results = messages.get(2);
        assertThat(results.path("role").asText()).isEqualTo("user");
        assertThat(results.path("content")).hasSize(3);
        assertThat(results.path("content").get(0).path("type").asText()).isEqualTo("tool_result");
        assertThat(results.path("content").get(0).path("tool_use_id").asText()).isEqualTo("c1");
        assertThat(results.path("content").get(0).path("content").asText()).isEqualTo("sunny");
        assertThat(results.path("content").get(1).path("tool_use_id").asText()).isEqualTo("c2");
        assertThat(results.path("content").get(1).path("content").asText()).isEqualTo("12:00");
        assertThat(results.path("content").get(2).path("text").asText()).isEqualTo("thanks");
    }

    @Test
    void aToolCallSurvivesTheRoundTripFromResponseBackIntoTheNextRequest() throws Exception {
        AnthropicWire.Message answer = AnthropicWire.READER.readValue("{\"id\":\"msg_1\",\"model\":\"m\","
                + "\"content\":[{\"type\":\"tool_use\",\"id\":\"toolu_9\",\"name\":\"lookup\","
                + "\"input\":{\"q\":\"ladder\",\"n\":[1,2]}}],\"stop_reason\":\"tool_use\"}", AnthropicWire.Message.class);
        ChatResponse response = AnthropicMapper.toResponse(answer, 0);
        String assistant = Json.write(Json.object().put("role", "assistant").putNull("content")
                .set("tool_calls", response.choices().getFirst().toolCalls()));

        JsonNode r = request("{\"model\":\"m\",\"messages\":[" + USER_HI + "," + assistant + "]}");

        JsonNode use = r.path("messages").get(1).path("content").get(0);
        assertThat(use.path("id").asText()).isEqualTo("toolu_9");
        assertThat(use.path("name").asText()).isEqualTo("lookup");
        assertThat(use.path("input")).isEqualTo(Json.read("{\"q\":\"ladder\",\"n\":[1,2]}"));
    }

    @Test
    void imageDataUrlsBecomeBase64SourcesAndWebUrlsBecomeUrlSources() {
        JsonNode r = request("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":["
                + "{\"type\":\"text\",\"text\":\"What is this?\"},"
                + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/png;base64,iVBORw0KGgo=\"}},"
                + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://example.com/cat.jpg\",\"detail\":\"low\"}}]}]}");

        JsonNode content = r.path("messages").get(0).path("content");
        assertThat(content.get(0).path("type").asText()).isEqualTo("text");
        assertThat(content.get(1)).isEqualTo(json("{\"type\":\"image\",\"source\":{\"type\":\"base64\","
                + "\"media_type\":\"image/png\",\"data\":\"iVBORw0KGgo=\"}}"));
        assertThat(content.get(2)).isEqualTo(json("{\"type\":\"image\",\"source\":{\"type\":\"url\","
                + "\"url\":\"https://example.com/cat.jpg\"}}"));
    }

    @Test
    void aPdfFilePartBecomesADocumentAndAudioIsRejected() {
        JsonNode r = request("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"file\","
                + "\"file\":{\"filename\":\"a.pdf\",\"file_data\":\"data:application/pdf;base64,JVBERi0=\"}}]}]}");
        assertThat(r.path("messages").get(0).path("content").get(0)).isEqualTo(json("{\"type\":\"document\","
                + "\"source\":{\"type\":\"base64\",\"media_type\":\"application/pdf\",\"data\":\"JVBERi0=\"}}"));

        Failure f = badRequest("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"input_audio\","
                + "\"input_audio\":{\"data\":\"AAA=\",\"format\":\"wav\"}}]}]}");
        assertThat(((Failure.BadRequest) f).param()).isEqualTo("messages[0].content[0].type");
    }

    @Test
    void anImageUrlThatIsNeitherWebNorBase64IsABadRequest() {
        assertThat(badRequest("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\","
                + "\"image_url\":{\"url\":\"ftp://example.com/a.png\"}}]}]}")).isInstanceOf(Failure.BadRequest.class);
        assertThat(badRequest("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\","
                + "\"image_url\":{\"url\":\"data:image/png,rawbytes\"}}]}]}")).isInstanceOf(Failure.BadRequest.class);
    }

    @Test
    void maxTokensIsRequiredSoItDefaultsAndPrefersMaxCompletionTokens() {
        assertThat(request("{\"model\":\"m\",\"messages\":[" + USER_HI + "]}").path("max_tokens").asInt())
                .isEqualTo(AnthropicMapper.DEFAULT_MAX_TOKENS);
        assertThat(request("{\"model\":\"m\",\"max_tokens\":50,\"max_completion_tokens\":70,\"messages\":[" + USER_HI
                + "]}").path("max_tokens").asInt()).isEqualTo(70);
    }

    @Test
    void samplingParametersTranslateWithTemperatureClampedToAnthropicsRange() {
        JsonNode r = request("{\"model\":\"m\",\"temperature\":1.7,\"top_p\":0.9,\"stop\":\"END\",\"user\":\"u-1\","
                + "\"seed\":7,\"messages\":[" + USER_HI + "]}");

        assertThat(r.path("temperature").asDouble()).isEqualTo(1.0);
        assertThat(r.path("top_p").asDouble()).isEqualTo(0.9);
        assertThat(r.path("stop_sequences")).isEqualTo(json("[\"END\"]"));
        assertThat(r.path("metadata")).isEqualTo(json("{\"user_id\":\"u-1\"}"));
        assertThat(r.has("seed")).isFalse();
        assertThat(request("{\"model\":\"m\",\"stop\":[\"a\",\"b\"],\"messages\":[" + USER_HI + "]}")
                .path("stop_sequences")).isEqualTo(json("[\"a\",\"b\"]"));
    }

    @Test
    void functionToolsBecomeToolsWithInputSchemas() {
        JsonNode r = request("{\"model\":\"m\",\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\","
                + "\"description\":\"Weather now\",\"parameters\":{\"type\":\"object\",\"properties\":{\"city\":"
                + "{\"type\":\"string\"}}}}},{\"type\":\"function\",\"function\":{\"name\":\"now\"}}],"
                + "\"messages\":[" + USER_HI + "]}");

        assertThat(r.path("tools").get(0)).isEqualTo(json("{\"name\":\"get_weather\",\"description\":\"Weather now\","
                + "\"input_schema\":{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}}"));
        assertThat(r.path("tools").get(1)).isEqualTo(json("{\"name\":\"now\",\"input_schema\":{\"type\":\"object\","
                + "\"properties\":{}}}"));
        assertThat(r.has("tool_choice")).isFalse();
    }

    @Test
    void toolChoiceTranslatesEachOpenAiForm() {
        assertThat(toolChoice("\"auto\"", "")).isEqualTo(json("{\"type\":\"auto\"}"));
        assertThat(toolChoice("\"none\"", "")).isEqualTo(json("{\"type\":\"none\"}"));
        assertThat(toolChoice("\"required\"", "")).isEqualTo(json("{\"type\":\"any\"}"));
        assertThat(toolChoice("{\"type\":\"function\",\"function\":{\"name\":\"f\"}}", ""))
                .isEqualTo(json("{\"type\":\"tool\",\"name\":\"f\"}"));
        assertThat(toolChoice("\"required\"", ",\"parallel_tool_calls\":false"))
                .isEqualTo(json("{\"type\":\"any\",\"disable_parallel_tool_use\":true}"));
        assertThat(toolChoice(null, ",\"parallel_tool_calls\":false"))
                .isEqualTo(json("{\"type\":\"auto\",\"disable_parallel_tool_use\":true}"));
    }

    @Test
    void jsonResponseFormatsBecomeASystemInstructionWithTheSchema() {
        JsonNode object = request("{\"model\":\"m\",\"response_format\":{\"type\":\"json_object\"},\"messages\":["
                + "{\"role\":\"system\",\"content\":\"Be brief.\"}," + USER_HI + "]}");
        JsonNode schema = request("{\"model\":\"m\",\"response_format\":{\"type\":\"json_schema\",\"json_schema\":"
                + "{\"name\":\"person\",\"schema\":{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"}}}}},"
                + "\"messages\":[" + USER_HI + "]}");

        assertThat(object.path("system").asText()).isEqualTo("Be brief.\n\n" + AnthropicMapper.JSON_OBJECT_INSTRUCTION);
        assertThat(schema.path("system").asText()).startsWith(AnthropicMapper.JSON_SCHEMA_INSTRUCTION + " (person):\n")
                .endsWith("{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"}}}");
        assertThat(object.has("response_format")).isFalse();
    }

    @Test
    void whatAnthropicCannotDoIsABadRequest() {
        assertThat(((Failure.BadRequest) badRequest("{\"model\":\"m\",\"n\":2,\"messages\":[" + USER_HI + "]}")).param())
                .isEqualTo("n");
        assertThat(((Failure.BadRequest) badRequest("{\"model\":\"m\",\"messages\":[" + USER_HI
                + ",{\"role\":\"function\",\"name\":\"f\",\"content\":\"x\"}]}")).param()).isEqualTo("messages[1].role");
    }

    @Test
    void theStreamFlagIsSentOnlyForStreams() {
        AnthropicWire.Request streamed = AnthropicMapper.toRequest(
                OpenAiRequests.parse(bytes("{\"model\":\"m\",\"messages\":[" + USER_HI + "]}")), "claude-x", true);

        assertThat(streamed.stream()).isTrue();
        assertThat(streamed.model()).isEqualTo("claude-x");
    }

    // ---- response ----

    @Test
    void textBlocksJoinAndCacheTokensCountAsPromptTokens() throws Exception {
        ChatResponse r = AnthropicMapper.toResponse(AnthropicWire.READER.readValue("{\"id\":\"msg_1\",\"type\":\"message\","
                + "\"model\":\"claude-x\",\"content\":[{\"type\":\"thinking\",\"thinking\":\"hmm\",\"signature\":\"s\"},"
                + "{\"type\":\"text\",\"text\":\"Hello \"},{\"type\":\"text\",\"text\":\"world\"}],\"stop_reason\":\"end_turn\","
                + "\"usage\":{\"input_tokens\":10,\"cache_creation_input_tokens\":100,\"cache_read_input_tokens\":1000,"
                + "\"output_tokens\":7}}", AnthropicWire.Message.class), 42);

        assertThat(r.id()).isEqualTo("msg_1");
        assertThat(r.model()).isEqualTo("claude-x");
        assertThat(r.created()).isEqualTo(42);
        assertThat(r.text()).isEqualTo("Hello world");
        assertThat(r.finishReason()).contains("stop");
        assertThat(r.usage()).contains(new Usage(1110, 7));
        assertThat(r.choices().getFirst().toolCalls()).isNull();
    }

    @Test
    void aToolOnlyAnswerHasNoContentAndToolCallsWithJsonArguments() throws Exception {
        ChatResponse r = AnthropicMapper.toResponse(AnthropicWire.READER.readValue("{\"id\":\"msg_2\",\"model\":\"m\","
                + "\"content\":[{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"get_weather\",\"input\":{\"city\":"
                + "\"Paris\"}}],\"stop_reason\":\"tool_use\"}", AnthropicWire.Message.class), 0);

        ChatResponse.Choice c = r.choices().getFirst();
        assertThat(c.content()).isNull();
        assertThat(c.finishReason()).isEqualTo("tool_calls");
        assertThat(c.toolCalls()).isEqualTo(json("[{\"id\":\"toolu_1\",\"type\":\"function\",\"function\":"
                + "{\"name\":\"get_weather\",\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}}]"));
        assertThat(r.usage()).isEqualTo(Optional.empty());
    }

    @Test
    void stopReasonsMapToOpenAiFinishReasons() {
        assertThat(AnthropicMapper.finishReason("end_turn")).isEqualTo("stop");
        assertThat(AnthropicMapper.finishReason("stop_sequence")).isEqualTo("stop");
        assertThat(AnthropicMapper.finishReason("max_tokens")).isEqualTo("length");
        assertThat(AnthropicMapper.finishReason("tool_use")).isEqualTo("tool_calls");
        assertThat(AnthropicMapper.finishReason("refusal")).isEqualTo("content_filter");
        assertThat(AnthropicMapper.finishReason(null)).isNull();
    }

    // ---- errors ----

    @Test
    void errorBodiesKeepTypeAndMessageOrFallBackToTheText() {
        assertThat(AnthropicMapper.error(bytes("{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\","
                + "\"message\":\"Overloaded\"}}"))).isEqualTo(new ErrorBody("overloaded_error", "Overloaded"));
        assertThat(AnthropicMapper.error(bytes("upstream connect error"))).isEqualTo(new ErrorBody("", "upstream connect error"));
    }

    @Test
    void errorTypesImplyAnthropicsDocumentedStatuses() {
        assertThat(AnthropicMapper.impliedStatus("overloaded_error")).isEqualTo(529);
        assertThat(AnthropicMapper.impliedStatus("rate_limit_error")).isEqualTo(429);
        assertThat(AnthropicMapper.impliedStatus("invalid_request_error")).isEqualTo(400);
        assertThat(AnthropicMapper.impliedStatus("api_error")).isEqualTo(500);
        assertThat(AnthropicMapper.impliedStatus("something_new")).isEqualTo(500);
    }

    // ---- helpers ----

    private static JsonNode request(String openAiBody) {
        return Json.MAPPER.valueToTree(AnthropicMapper.toRequest(OpenAiRequests.parse(bytes(openAiBody)), "claude-x", false));
    }

    private static Failure badRequest(String openAiBody) {
        LadderException e = catchThrowableOfType(LadderException.class, () -> request(openAiBody));
        assertThat(e).isNotNull();
        assertThat(e.failure()).isInstanceOf(Failure.BadRequest.class);
        return e.failure();
    }

    private static JsonNode toolChoice(String choice, String extra) {
        return request("{\"model\":\"m\"," + (choice == null ? "" : "\"tool_choice\":" + choice + ",")
                + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}]" + extra + ",\"messages\":["
                + USER_HI + "]}").path("tool_choice");
    }

    private static String texts(JsonNode turn) {
        StringBuilder sb = new StringBuilder();
        turn.path("content").forEach(b -> sb.append(sb.isEmpty() ? "" : "|").append(b.path("text").asText()));
        return sb.toString();
    }

    private static JsonNode json(String text) {
        try {
            return Json.read(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
