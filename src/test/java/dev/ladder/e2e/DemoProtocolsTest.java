package dev.ladder.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ladder.testing.NodeScripts;
import dev.ladder.wire.Json;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo gateway (simulated models only) as the clients that speak OpenAI's Responses API see it: the OpenAI
 * Node SDK's {@code responses.create} (plain, streamed, a function call and its output, a JSON schema) and the
 * Vercel AI SDK with its default OpenAI provider ({@code generateText}, {@code streamText}, a tool call); and the
 * simulator's structure at work: a JSON-schema request answered with invalid JSON by sim-small escalates.
 */
@Tag("slow")
class DemoProtocolsTest {

    static final String SCHEMA = """
            {"type":"object","properties":{"city":{"type":"string"},"country":{"type":"string"}},
             "required":["city","country"],"additionalProperties":false}""";

    @TempDir
    static Path dataDir;

    static TestGateway gw;

    @BeforeAll
    static void start() {
        gw = TestGateway.demo(dataDir);
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    @Test
    void theOpenAiNodeSdkUsesTheResponsesApiThroughTheDemo() {
        JsonNode runs = NodeScripts.in("node-protocols").run("openai-responses.mjs", gw.baseUrl() + "/v1",
                "plain=ladder/auto", "stream=ladder/auto", "function=ladder/auto", "json-schema=ladder/auto",
                "previous=ladder/auto");

        JsonNode plain = runs.path("plain");
        assertThat(plain.path("status").asText()).isEqualTo("completed");
        assertThat(plain.path("output_text").asText()).startsWith("Hello from sim-");
        assertThat(plain.path("usage").path("output_tokens").asInt()).isPositive();

        JsonNode stream = runs.path("stream");
        assertThat(stream.path("text").asText()).startsWith("Hello from sim-");
        assertThat(stream.path("types").toString()).contains("response.created", "response.output_item.added",
                "response.output_text.delta", "response.output_text.done", "response.completed");
        assertThat(stream.path("completed").path("usage").path("output_tokens").asInt()).isPositive();
        assertThat(stream.path("helper").path("output_text").asText()).startsWith("Hello from sim-");

        JsonNode function = runs.path("function");
        JsonNode call = function.path("first").path("calls").get(0);
        assertThat(call.path("name").asText()).isEqualTo("get_weather");
        assertThat(Json.MAPPER.valueToTree(parse(call.path("arguments").asText())).path("city").isTextual()).isTrue();
        assertThat(function.path("second").path("status").asText()).isEqualTo("completed");

        JsonNode json = runs.path("json-schema");
        assertThat(json.path("parsed").path("city").isTextual()).isTrue();
        assertThat(json.path("parsed").path("country").isTextual()).isTrue();

        JsonNode previous = runs.path("previous");
        assertThat(previous.path("status").asInt()).isEqualTo(400);
        assertThat(previous.path("param").asText()).isEqualTo("previous_response_id");
    }

    @Test
    void theVercelAiSdkWithItsDefaultOpenAiProviderWorksThroughTheDemo() {
        JsonNode runs = NodeScripts.in("node-protocols").run("vercel-ai.mjs", gw.baseUrl() + "/v1",
                "generate=ladder/auto", "stream=ladder/auto", "tool=ladder/auto");

        assertThat(runs.path("generate").path("text").asText()).startsWith("Hello from sim-");
        assertThat(runs.path("generate").path("finishReason").asText()).isEqualTo("stop");
        assertThat(runs.path("generate").path("usage").path("outputTokens").asInt()).isPositive();
        assertThat(runs.path("stream").path("text").asText()).isEqualTo(runs.path("generate").path("text").asText());
        assertThat(runs.path("stream").path("usage").path("outputTokens").asInt()).isPositive();
        assertThat(runs.path("tool").path("finishReason").asText()).isEqualTo("tool-calls");
        assertThat(runs.path("tool").path("calls").get(0).path("input").path("city").isTextual()).isTrue();
    }

    @Test
    void aJsonSchemaAnswerThatTheCheapModelBreaksEscalatesToValidJson() throws Exception {
        String body = """
                {"model":"ladder/auto","messages":[{"role":"user","content":"Name a city and its country."}],
                 "response_format":{"type":"json_schema","json_schema":{"name":"place","schema":%s}}}
                """.formatted(SCHEMA);

        HttpResponse<String> direct = gw.post("/v1/chat/completions", body, "x-ladder-tier", "simple");
        HttpResponse<String> cascade = gw.post("/v1/chat/completions", body, "x-ladder-strategy", "cascade",
                "x-ladder-feature", "try-cheap");

        assertThat(direct.headers().firstValue("x-ladder-model")).hasValueSatisfying(m -> assertThat(m)
                .startsWith("sim-small"));
        assertThat(isJson(content(direct))).as("sim-small's JSON is broken").isFalse();
        assertThat(cascade.statusCode()).isEqualTo(200);
        assertThat(cascade.headers().firstValue("x-ladder-escalations").map(Integer::parseInt)).hasValueSatisfying(
                n -> assertThat(n).isPositive());
        assertThat(cascade.headers().firstValue("x-ladder-model")).hasValueSatisfying(m -> assertThat(m)
                .doesNotStartWith("sim-small"));
        JsonNode answer = Json.read(content(cascade));
        assertThat(answer.path("city").isTextual()).isTrue();
        assertThat(answer.path("country").isTextual()).isTrue();
    }

    private static String content(HttpResponse<String> r) throws Exception {
        return Json.read(r.body()).path("choices").get(0).path("message").path("content").asText();
    }

    private static boolean isJson(String s) {
        try {
            Json.read(s);
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private static Object parse(String json) {
        try {
            return Json.read(json);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }
}
