package dev.ladder.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ladder.model.ChatRequest;
import dev.ladder.model.Failure;
import dev.ladder.model.LadderException;
import dev.ladder.model.Role;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

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
