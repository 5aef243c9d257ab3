package dev.ladder.wire.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ladder.model.ChatChunk;
import dev.ladder.model.ChatRequest;
import dev.ladder.model.Failure;
import dev.ladder.model.LadderException;
import dev.ladder.model.Role;
import dev.ladder.model.Usage;
import dev.ladder.wire.Json;
import dev.ladder.wire.SseEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AnthropicRequestsTest {

    static ChatRequest parse(String json) {
        return AnthropicRequests.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void systemImagesStopSequencesAndToolResultsBecomeTheChatBodyTheChainReads() {
        ChatRequest r = parse("""
                {"model":"m","max_tokens":50,"system":[{"type":"text","text":"Be terse."}],"stop_sequences":["END"],
                 "metadata":{"user_id":"u-1"},
                 "tools":[{"name":"lookup","input_schema":{"type":"object"}}],"tool_choice":{"type":"any"},
                 "messages":[
                   {"role":"user","content":[{"type":"text","text":"What is this?"},
                     {"type":"image","source":{"type":"base64","media_type":"image/png","data":"AAAA"}}]},
                   {"role":"assistant","content":[{"type":"text","text":"Let me look."},
                     {"type":"tool_use","id":"toolu_1","name":"lookup","input":{"q":"x"}}]},
                   {"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_1","content":"found"},
                     {"type":"text","text":"And now?"}]}]}
                """);

        assertThat(r.messages()).extracting(m -> m.role()).containsExactly(Role.SYSTEM, Role.USER, Role.ASSISTANT,
                Role.TOOL, Role.USER);
        assertThat(r.messages().getFirst().text()).isEqualTo("Be terse.");
        JsonNode body = r.body();
        assertThat(body.path("messages").get(1).path("content").get(1).path("image_url").path("url").asText())
                .isEqualTo("data:image/png;base64,AAAA");
        JsonNode call = body.path("messages").get(2).path("tool_calls").get(0);
        assertThat(call.path("function").path("arguments").asText()).isEqualTo("{\"q\":\"x\"}");
        assertThat(body.path("messages").get(3).path("tool_call_id").asText()).isEqualTo("toolu_1");
        assertThat(body.path("stop").get(0).asText()).isEqualTo("END");
        assertThat(body.path("tool_choice").asText()).isEqualTo("required");
        assertThat(body.path("tools").get(0).path("function").path("parameters").path("type").asText())
                .isEqualTo("object");
        assertThat(r.user()).contains("u-1");
        assertThat(r.maxTokens()).hasValue(50);
    }

    @Test
    void aStreamAlwaysAsksForUsageBecauseMessageDeltaReportsIt() {
        ChatRequest r = parse("""
                {"model":"m","max_tokens":5,"stream":true,"messages":[{"role":"user","content":"hi"}]}""");

        assertThat(r.stream()).isTrue();
        assertThat(r.includeUsage()).isTrue();
    }

    @Test
    void aMissingMaxTokensAndAServerToolAreBadRequestsNamingTheParameter() {
        assertThatThrownBy(() -> parse("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                .isInstanceOfSatisfying(LadderException.class, e -> assertThat(((Failure.BadRequest) e.failure())
                        .param()).isEqualTo("max_tokens"));
        assertThatThrownBy(() -> parse("""
                {"model":"m","max_tokens":5,"tools":[{"type":"web_search_20250305","name":"web_search"}],
                 "messages":[{"role":"user","content":"hi"}]}"""))
                .isInstanceOfSatisfying(LadderException.class, e -> assertThat(((Failure.BadRequest) e.failure())
                        .param()).isEqualTo("tools.0.type"));
    }

    @Test
    void countTokensCountsTheToolDefinitionsToo() {
        String plain = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hello there\"}]}";
        String withTool = "{\"model\":\"m\",\"tools\":[{\"name\":\"lookup\",\"input_schema\":{\"type\":\"object\"}}],"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hello there\"}]}";

        int a = AnthropicRequests.countTokens(plain.getBytes(StandardCharsets.UTF_8));
        int b = AnthropicRequests.countTokens(withTool.getBytes(StandardCharsets.UTF_8));

        assertThat(a).isGreaterThan(2);
        assertThat(b).isGreaterThan(a);
    }

    @Test
    void textThenAToolCallStreamAsTwoBlocksAndEndWithStopReasonAndUsage() {
        AnthropicEvents events = new AnthropicEvents("msg_fallback");
        List<SseEvent> out = new ArrayList<>();
        out.addAll(events.next(chunk(new ChatChunk.Delta(0, "assistant", "Let me check.", null, null, null, null))));
        JsonNode call = Json.NODES.arrayNode().add(Json.object().put("index", 0).put("id", "call_9")
                .set("function", Json.object().put("name", "lookup").put("arguments", "{\"q\":")));
        out.addAll(events.next(chunk(new ChatChunk.Delta(0, null, null, call, null, null, null))));
        out.addAll(events.next(chunk(new ChatChunk.Delta(0, null, null, null, null, "tool_calls", null))));
        out.addAll(events.end(new Usage(12, 7), "m"));

        assertThat(out).extracting(SseEvent::event).containsExactly("message_start", "ping", "content_block_start",
                "content_block_delta", "content_block_stop", "content_block_start", "content_block_delta",
                "content_block_stop", "message_delta", "message_stop");
        assertThat(out.get(5).data()).contains("\"index\":1", "\"type\":\"tool_use\"", "\"id\":\"call_9\"");
        assertThat(out.get(6).data()).contains("input_json_delta");
        assertThat(out.get(8).data()).contains("\"stop_reason\":\"tool_use\"", "\"output_tokens\":7",
                "\"input_tokens\":12");
    }

    private static ChatChunk chunk(ChatChunk.Delta d) {
        return new ChatChunk("c1", 1, "m", List.of(d), Optional.empty());
    }
}
