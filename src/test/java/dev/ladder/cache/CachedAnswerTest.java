package dev.ladder.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ladder.model.ChatChunk;
import dev.ladder.model.ChatResponse;
import dev.ladder.model.Usage;
import dev.ladder.wire.Json;
import dev.ladder.wire.OpenAiJson;
import dev.ladder.wire.StreamAssembler;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CachedAnswerTest {

    static final ChatResponse TOOL_CALL = OpenAiJson.parseResponse(json("""
            {"id":"chatcmpl-1","object":"chat.completion","created":1700000000,"model":"m","choices":[{"index":0,
            "message":{"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function",
            "function":{"name":"lookup","arguments":"{\\"q\\":\\"x\\"}"}}]},"logprobs":null,
            "finish_reason":"tool_calls"}],"usage":{"prompt_tokens":5,"completion_tokens":7,"total_tokens":12}}"""));

    static com.fasterxml.jackson.databind.JsonNode json(String s) {
        try {
            return Json.read(s);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Test
    void encodes_and_decodes_to_the_same_answer_and_the_same_wire_json() {
        ChatChunk chunk = new ChatChunk("c", 1, "m", List.of(new ChatChunk.Delta(0, null, "hi", null, null, "stop",
                null)), Optional.of(new Usage(1, 2)));
        CachedAnswer a = new CachedAnswer(TOOL_CALL, Optional.of(List.of(chunk)), 0.0042,
                Instant.parse("2026-11-23T11:00:00Z"));

        CachedAnswer b = CachedAnswer.decode(a.encode());

        assertThat(Json.write(OpenAiJson.toJson(b.response()))).isEqualTo(Json.write(OpenAiJson.toJson(a.response())));
        assertThat(b.chunks().orElseThrow()).hasSize(1);
        assertThat(Json.write(OpenAiJson.toJson(b.chunks().get().getFirst()))).isEqualTo(Json.write(OpenAiJson.toJson(chunk)));
        assertThat(b.costUsd()).isEqualTo(0.0042);
        assertThat(b.expiresAt()).isEqualTo(a.expiresAt());
        assertThat(b.isExpiredAt(Instant.parse("2026-11-23T11:00:00Z"))).isTrue();
    }

    @Test
    void garbage_is_rejected_not_served() {
        assertThatThrownBy(() -> CachedAnswer.decode("not json".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CachedAnswer.decode("{\"format\":99}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void an_unstreamed_answer_cut_into_chunks_assembles_back_to_itself() {
        StreamAssembler assembler = new StreamAssembler();
        dev.ladder.wire.Chunks.of(TOOL_CALL).forEach(assembler::add);

        ChatResponse back = assembler.toResponse();

        assertThat(back.finishReason()).contains("tool_calls");
        assertThat(back.choices().getFirst().toolCalls().get(0).path("function").path("arguments").asText())
                .isEqualTo("{\"q\":\"x\"}");
        assertThat(back.usage()).contains(new Usage(5, 7));
    }

    @Test
    void only_answers_that_ended_by_themselves_are_complete() {
        assertThat(Admission.COMPLETE.admits(null, TOOL_CALL)).isTrue();
        for (String reason : new String[] {"length", "content_filter", null}) {
            ChatResponse r = new ChatResponse("x", 0, "m", List.of(new ChatResponse.Choice(0, "partial", null, null,
                    reason, null)), Optional.empty(), Optional.empty());
            assertThat(Admission.COMPLETE.admits(null, r)).as(String.valueOf(reason)).isFalse();
        }
        assertThat(Admission.COMPLETE.admits(null, new ChatResponse("x", 0, "m", List.of(), Optional.empty(),
                Optional.empty()))).isFalse();
    }
}
