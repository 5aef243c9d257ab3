package dev.ladder.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ladder.model.ChatRequest;
import dev.ladder.model.Failure;
import dev.ladder.model.LadderException;
import dev.ladder.model.Role;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OpenAiRequestsTest {

    static ChatRequest parse(String json) {
        return OpenAiRequests.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    static String paramOf(String json) {
        try {
            parse(json);
            throw new AssertionError("expected a bad request");
        } catch (LadderException e) {
            return ((Failure.BadRequest) e.failure()).param();
        }
    }

    @Test
    void aValidRequestKeepsEveryFieldForPassThrough() {
        ChatRequest r = parse("""
                {"model":"ladder/auto","stream":true,"stream_options":{"include_usage":true},
                 "messages":[{"role":"system","content":"be brief"},
                             {"role":"user","content":[{"type":"text","text":"look"},{"type":"image_url","image_url":{"url":"data:x"}}]}],
                 "temperature":0.2,"max_tokens":50,"logprobs":true,"user":"u1","vendor_extension":{"x":1}}
                """);

        assertThat(r.stream()).isTrue();
        assertThat(r.includeUsage()).isTrue();
        assertThat(r.messages()).extracting(m -> m.role()).containsExactly(Role.SYSTEM, Role.USER);
        assertThat(r.lastUserText()).isEqualTo("look");
        assertThat(r.maxTokens()).hasValue(50);
        assertThat(r.user()).contains("u1");
        assertThat(r.wantsLogprobs()).isTrue();
        assertThat(r.body().path("vendor_extension").path("x").asInt()).isEqualTo(1);
    }

    @Test
    void malformedJsonIsABadRequestWithoutAParam() {
        assertThatThrownBy(() -> parse("{\"model\":")).isInstanceOfSatisfying(LadderException.class,
                e -> assertThat(e.failure()).isInstanceOf(Failure.BadRequest.class));
    }

    @Test
    void eachInvalidFieldIsNamed() {
        assertThat(paramOf("{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}")).isEqualTo("model");
        assertThat(paramOf("{\"model\":\"m\",\"messages\":[]}")).isEqualTo("messages");
        assertThat(paramOf("{\"model\":\"m\",\"messages\":[{\"content\":\"x\"}]}")).isEqualTo("messages[0].role");
        assertThat(paramOf("{\"model\":\"m\",\"messages\":[{\"role\":\"user\"}]}")).isEqualTo("messages[0].content");
        assertThat(paramOf("{\"model\":\"m\",\"messages\":[{\"role\":\"tool\",\"content\":\"x\"}]}"))
                .isEqualTo("messages[0].tool_call_id");
        assertThat(paramOf("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"top_p\":2}"))
                .isEqualTo("top_p");
        assertThat(paramOf("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"n\":1.5}"))
                .isEqualTo("n");
        assertThat(paramOf("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"stop\":[1]}"))
                .isEqualTo("stop");
        assertThat(paramOf("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],"
                + "\"response_format\":{\"type\":\"yaml\"}}")).isEqualTo("response_format.type");
        assertThat(paramOf("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],"
                + "\"stream_options\":{\"include_usage\":true}}")).isEqualTo("stream_options");
    }

    static String withField(String field, String value) {
        return "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"" + field + "\":"
                + value + "}";
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
            "max_tokens            | 1e30",
            "max_tokens            | 100000000000000000000000000000",
            "max_tokens            | 9223372036854775808",
            "max_tokens            | 1000001",
            "max_tokens            | 0",
            "max_tokens            | -1",
            "max_tokens            | -100000000000000000000000000000",
            "max_tokens            | 10.5",
            "max_completion_tokens | 1e30",
            "max_completion_tokens | 2147483648",
            "max_completion_tokens | 0",
            "temperature           | 1e30",
            "temperature           | -0.1",
            "temperature           | 2.01",
            "top_p                 | 1.5",
            "top_p                 | -1",
            "n                     | 0",
            "n                     | 129",
            "presence_penalty      | 2.5",
            "presence_penalty      | -1e300",
            "frequency_penalty     | -2.1",
            "top_logprobs          | 21",
            "top_logprobs          | -1",
            "seed                  | 1e30",
            "seed                  | 99999999999999999999",
            "logit_bias            | {\"50256\": 101}",
            "logit_bias            | {\"50256\": \"high\"}",
            "logit_bias            | [1]",
    })
    void aNumberOutsideItsBoundsIsABadRequestNamingTheParameter(String field, String value) {
        assertThat(paramOf(withField(field, value))).isEqualTo(field);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
            "max_tokens            | 1",
            "max_tokens            | 1000000",
            "max_completion_tokens | 128000",
            "temperature           | 0",
            "temperature           | 2",
            "top_p                 | 1",
            "n                     | 128",
            "presence_penalty      | -2",
            "frequency_penalty     | 2",
            "top_logprobs          | 20",
            "seed                  | -9223372036854775808",
            "logit_bias            | {\"50256\": -100, \"13\": 5.5}",
    })
    void aNumberAtTheEdgeOfItsBoundsIsAccepted(String field, String value) {
        assertThat(parse(withField(field, value)).body().get(field)).isNotNull();
    }

    @Test
    void anOutOfRangeIntegerIsReportedAsTooLargeNotWrappedAround() {
        assertThatThrownBy(() -> parse(withField("max_tokens", "18446744073709551617")))
                .hasMessage("Invalid 'max_tokens': 18446744073709551617 is greater than the maximum of 1000000.");
    }

    @Test
    void anAssistantMessageWithOnlyToolCallsNeedsNoContent() {
        ChatRequest r = parse("""
                {"model":"m","messages":[{"role":"user","content":"weather?"},
                 {"role":"assistant","content":null,"tool_calls":[{"id":"c1","type":"function","function":{"name":"w","arguments":"{}"}}]},
                 {"role":"tool","tool_call_id":"c1","content":"sunny"}]}
                """);

        assertThat(r.messages()).hasSize(3);
    }
}
