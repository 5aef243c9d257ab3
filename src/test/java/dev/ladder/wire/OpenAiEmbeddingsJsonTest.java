package dev.ladder.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ladder.model.Embeddings;
import dev.ladder.model.Failure;
import dev.ladder.model.LadderException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OpenAiEmbeddingsJsonTest {

    private static OpenAiEmbeddingsJson.Parsed parse(String json) {
        return OpenAiEmbeddingsJson.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    private static Failure.BadRequest rejection(String json) {
        LadderException e = catchThrowableOfType(LadderException.class, () -> parse(json));
        assertThat(e).isNotNull();
        return (Failure.BadRequest) e.failure();
    }

    @Test
    void aStringOrAnArrayOfStringsIsTheInputAndFloatIsTheDefaultEncoding() {
        OpenAiEmbeddingsJson.Parsed one = parse("{\"model\":\"m\",\"input\":\"hi\"}");
        OpenAiEmbeddingsJson.Parsed many = parse("{\"model\":\"m\",\"input\":[\"a\",\"b\"],\"encoding_format\":\"base64\","
                + "\"dimensions\":256,\"user\":\"u1\"}");

        assertThat(one.request().inputs()).containsExactly("hi");
        assertThat(one.base64()).isFalse();
        assertThat(many.request().inputs()).containsExactly("a", "b");
        assertThat(many.base64()).isTrue();
        assertThat(many.request().dimensions()).contains(256);
        assertThat(many.request().user()).contains("u1");
    }

    @Test
    void badInputsAreRejectedNamingTheParameter() {
        assertThat(rejection("{\"input\":\"x\"}").param()).isEqualTo("model");
        assertThat(rejection("{\"model\":\"m\"}").message()).isEqualTo("Missing required parameter: 'input'.");
        assertThat(rejection("{\"model\":\"m\",\"input\":[]}").param()).isEqualTo("input");
        assertThat(rejection("{\"model\":\"m\",\"input\":[1,2]}").message()).contains("token arrays");
        assertThat(rejection("{\"model\":\"m\",\"input\":\"\"}").message()).contains("empty string");
        assertThat(rejection("{\"model\":\"m\",\"input\":\"x\",\"encoding_format\":\"int8\"}").param())
                .isEqualTo("encoding_format");
        assertThat(rejection("{\"model\":\"m\",\"input\":\"x\",\"dimensions\":0}").param()).isEqualTo("dimensions");
    }

    @Test
    void base64IsLittleEndianFloat32AsOpenAiSendsIt() {
        // 1.0f is 0x3F800000: little-endian bytes 00 00 80 3F
        assertThat(OpenAiEmbeddingsJson.base64(new float[] {1.0f})).isEqualTo("AACAPw==");
    }

    @Test
    void theAnswerIsAListOfEmbeddingsInInputOrderWithUsage() {
        JsonNode json = OpenAiEmbeddingsJson.toJson(new Embeddings(List.of(new float[] {0.25f}, new float[] {-1f}), 4),
                "m", false);

        assertThat(json.path("object").asText()).isEqualTo("list");
        assertThat(json.path("data").get(1).path("index").asInt()).isEqualTo(1);
        assertThat(json.path("data").get(1).path("embedding").get(0).floatValue()).isEqualTo(-1f);
        assertThat(json.path("model").asText()).isEqualTo("m");
        assertThat(json.path("usage").path("prompt_tokens").asInt()).isEqualTo(4);
        assertThat(Optional.of(json.path("usage").path("total_tokens").asInt())).contains(4);
    }
}
