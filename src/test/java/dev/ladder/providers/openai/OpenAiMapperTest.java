package dev.ladder.providers.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ladder.providers.ErrorBody;
import dev.ladder.wire.Json;
import dev.ladder.wire.OpenAiRequests;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class OpenAiMapperTest {

    @Test
    void theBodyKeepsEverythingButTheModelAndTheClientsBodyIsNotTouched() {
        var request = OpenAiRequests.parse(bytes("{\"model\":\"ladder\",\"temperature\":0.2,\"seed\":3,\"stream\":true,"
                + "\"stream_options\":{\"include_usage\":false,\"extra\":1},\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"));

        ObjectNode streamed = OpenAiMapper.requestBody(request, "gpt-x", true);

        assertThat(streamed.path("model").asText()).isEqualTo("gpt-x");
        assertThat(streamed.path("temperature").asDouble()).isEqualTo(0.2);
        assertThat(streamed.path("seed").asInt()).isEqualTo(3);
        assertThat(streamed.path("stream_options")).isEqualTo(json("{\"include_usage\":true,\"extra\":1}"));
        assertThat(request.body().path("model").asText()).isEqualTo("ladder");
        assertThat(request.body().path("stream_options").path("include_usage").asBoolean()).isFalse();
    }

    @Test
    void errorsAreReadFromOpenAiVllmAndPlainTextBodies() {
        assertThat(OpenAiMapper.error(bytes("{\"error\":{\"message\":\"too long\",\"type\":\"invalid_request_error\","
                + "\"code\":\"context_length_exceeded\"}}"))).isEqualTo(new ErrorBody("context_length_exceeded", "too long"));
        assertThat(OpenAiMapper.error(bytes("{\"error\":{\"message\":\"boom\",\"type\":\"server_error\",\"code\":null}}")))
                .isEqualTo(new ErrorBody("server_error", "boom"));
        assertThat(OpenAiMapper.error(bytes("{\"object\":\"error\",\"message\":\"bad\",\"type\":\"BadRequestError\","
                + "\"code\":400}"))).isEqualTo(new ErrorBody("BadRequestError", "bad"));
        assertThat(OpenAiMapper.error(bytes("{\"error\":\"Model is loading\"}"))).isEqualTo(new ErrorBody("", "Model is loading"));
        assertThat(OpenAiMapper.error(bytes("<html>502 Bad Gateway</html>"))).isEqualTo(new ErrorBody("", "<html>502 Bad Gateway</html>"));
    }

    @Test
    void inBandErrorsImplyAStatusFromTheirCodeOrType() {
        assertThat(OpenAiMapper.impliedStatus(json("{\"object\":\"error\",\"message\":\"x\",\"code\":503}"))).isEqualTo(503);
        assertThat(OpenAiMapper.impliedStatus(json("{\"error\":{\"type\":\"requests\",\"code\":\"rate_limit_exceeded\"}}")))
                .isEqualTo(429);
        assertThat(OpenAiMapper.impliedStatus(json("{\"error\":{\"type\":\"invalid_request_error\",\"code\":null}}")))
                .isEqualTo(400);
        assertThat(OpenAiMapper.impliedStatus(json("{\"error\":{\"type\":\"server_error\"}}"))).isEqualTo(500);
        assertThat(OpenAiMapper.impliedStatus(json("{\"error\":{\"message\":\"?\"}}"))).isEqualTo(500);
    }

    private static JsonNode json(String s) {
        try {
            return Json.read(s);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
