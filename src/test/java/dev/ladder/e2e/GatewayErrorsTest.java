package dev.ladder.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ladder.wire.Json;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every bad input and every upstream failure gets its status and an OpenAI-style error; the gateway keeps serving. */
class GatewayErrorsTest {

    static final String YAML = """
            server:
              max_body_bytes: 64KiB
            providers:
              sim:
                kind: simulated
                request_timeout: 400ms
                models:
                  ok:
                    time_to_first_token: 1ms
                    tokens_per_second: 5000
                    answer: {mode: canned, text: "Paris is the capital of France."}
                  down:
                    time_to_first_token: 1ms
                    failures: {error_500: 1.0}
                  limited:
                    time_to_first_token: 1ms
                    failures: {error_429: 1.0}
                  hangs:
                    time_to_first_token: 1ms
                    failures: {timeout: 1.0}
            models:
              ok: {provider: sim, model: ok, price: {input: 0.1, output: 0.2}}
              down: {provider: sim, model: down, price: {input: 1, output: 2}}
              limited: {provider: sim, model: limited, price: {input: 1, output: 2}}
              hangs: {provider: sim, model: hangs, price: {input: 1, output: 2}}
            tiers:
              simple: [ok]
              medium: [ok]
              complex: [ok]
            """;

    @TempDir
    static Path dataDir;

    static TestGateway gw;

    @BeforeAll
    static void start() {
        gw = TestGateway.start(YAML, dataDir);
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "{not json                                                              | 400 | ",
            "[]                                                                     | 400 | ",
            "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}                | 400 | model",
            "{\"model\":\"ok\"}                                                     | 400 | messages",
            "{\"model\":\"ok\",\"messages\":[]}                                     | 400 | messages",
            "{\"model\":\"ok\",\"messages\":\"hi\"}                                 | 400 | messages",
            "{\"model\":42,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}   | 400 | model",
            "{\"model\":\"ok\",\"messages\":[{\"role\":\"wizard\",\"content\":\"hi\"}]} | 400 | messages[0].role",
            "{\"model\":\"ok\",\"messages\":[{\"role\":\"user\",\"content\":7}]}    | 400 | messages[0].content",
            "{\"model\":\"ok\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"temperature\":\"hot\"} | 400 | temperature",
            "{\"model\":\"ok\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"temperature\":3}       | 400 | temperature",
            "{\"model\":\"ok\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"stream\":\"yes\"}      | 400 | stream",
            "{\"model\":\"ok\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"max_tokens\":0}        | 400 | max_tokens",
            "{\"model\":\"ok\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"max_tokens\":1e30}     | 400 | max_tokens",
            "{\"model\":\"ok\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"max_tokens\":100000000000000000000000000000} | 400 | max_tokens",
            "{\"model\":\"ok\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"n\":1000}             | 400 | n",
            "{\"model\":\"gpt-9\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}                    | 404 | model",
    })
    void badRequestsGetTheirStatusAndAnOpenAiError(String body, int status, String param) throws Exception {
        HttpResponse<String> r = gw.post("/v1/chat/completions", body);

        assertThat(r.statusCode()).isEqualTo(status);
        assertOpenAiError(r);
        if (param != null) {
            assertThat(Json.read(r.body()).path("error").path("param").asText()).isEqualTo(param);
        }
        assertStillServing();
    }

    @Test
    void aBodyOverTheLimitIs413() throws Exception {
        String huge = TestGateway.chat("ok", "x".repeat(70 * 1024));

        HttpResponse<String> r = gw.post("/v1/chat/completions", huge);

        assertThat(r.statusCode()).isEqualTo(413);
        assertOpenAiError(r);
        assertStillServing();
    }

    @Test
    void anUpstream500Is502AndListsTheAttempt() throws Exception {
        HttpResponse<String> r = gw.post("/v1/chat/completions", TestGateway.chat("down", "hi"));

        assertThat(r.statusCode()).isEqualTo(502);
        assertOpenAiError(r);
        assertThat(r.body()).contains("down");
        assertThat(r.headers().firstValue("x-ladder-request-id")).isPresent();
        assertStillServing();
    }

    @Test
    void anUpstream429Is429WithRetryAfter() throws Exception {
        HttpResponse<String> r = gw.post("/v1/chat/completions", TestGateway.chat("limited", "hi"));

        assertThat(r.statusCode()).isEqualTo(429);
        assertOpenAiError(r);
        assertThat(r.headers().firstValue("retry-after")).hasValueSatisfying(v -> assertThat(Integer.parseInt(v)).isPositive());
        assertStillServing();
    }

    @Test
    void anUpstreamTimeoutIs504() throws Exception {
        HttpResponse<String> r = gw.post("/v1/chat/completions", TestGateway.chat("hangs", "hi"));

        assertThat(r.statusCode()).isEqualTo(504);
        assertOpenAiError(r);
        assertStillServing();
    }

    @Test
    void aStreamingRequestToAFailingUpstreamFailsBeforeAnyByteWithAProperStatus() throws Exception {
        String body = "{\"model\":\"down\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

        HttpResponse<String> r = gw.post("/v1/chat/completions", body);

        assertThat(r.statusCode()).isEqualTo(502);
        assertOpenAiError(r);
    }

    @Test
    void unknownPathsAndMethodsGetOpenAiErrorsToo() throws Exception {
        assertThat(gw.get("/v1/nothing-here").statusCode()).isEqualTo(404);
        HttpResponse<String> r = gw.get("/v1/chat/completions");
        assertThat(r.statusCode()).isEqualTo(405);
        assertOpenAiError(r);
    }

    @Test
    void anInvalidTierHintIsRejectedRatherThanIgnored() throws Exception {
        HttpResponse<String> r = gw.post("/v1/chat/completions", TestGateway.chat("ladder/auto", "hi"),
                "x-ladder-tier", "gigantic");

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(Json.read(r.body()).path("error").path("param").asText()).isEqualTo("x-ladder-tier");
    }

    @Test
    void modelsListsTheAliasAndEveryConfiguredModel() throws Exception {
        JsonNode models = Json.read(gw.get("/v1/models").body());

        assertThat(models.path("object").asText()).isEqualTo("list");
        assertThat(models.path("data").findValuesAsText("id")).containsExactlyInAnyOrder("ladder/auto", "ok", "down",
                "limited", "hangs");
    }

    private static void assertOpenAiError(HttpResponse<String> r) throws Exception {
        assertThat(r.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).contains("application/json"));
        JsonNode error = Json.read(r.body()).path("error");
        assertThat(error.path("message").asText()).isNotBlank();
        assertThat(error.path("type").asText()).isNotBlank();
        assertThat(r.body()).doesNotContain("Exception").doesNotContain("at dev.ladder");
    }

    private static void assertStillServing() throws Exception {
        HttpResponse<String> ok = gw.post("/v1/chat/completions", TestGateway.chat("ok", "still there?"));
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(Json.read(ok.body()).path("choices").path(0).path("message").path("content").asText())
                .isEqualTo("Paris is the capital of France.");
    }
}
