package dev.ladder.wire;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ladder.model.ChatChunk;
import dev.ladder.model.ChatResponse;
import dev.ladder.model.Usage;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StreamAssemblerTest {

    @Test
    void contentToolCallsFinishReasonAndUsageAreReassembled() throws Exception {
        StreamAssembler a = new StreamAssembler();
        a.add(chunk(new ChatChunk.Delta(0, "assistant", "Hel", null, null, null, null)));
        a.add(chunk(new ChatChunk.Delta(0, null, "lo", null, null, null, null)));
        a.add(chunk(new ChatChunk.Delta(0, null, null, Json.read(
                "[{\"index\":0,\"id\":\"c1\",\"type\":\"function\",\"function\":{\"name\":\"get\",\"arguments\":\"{\\\"a\\\"\"}}]"),
                null, null, null)));
        a.add(chunk(new ChatChunk.Delta(0, null, null, Json.read(
                "[{\"index\":0,\"function\":{\"arguments\":\":1}\"}}]"), null, "tool_calls", null)));
        a.add(new ChatChunk("id", 1, "m", List.of(), Optional.of(new Usage(7, 3))));

        ChatResponse r = a.toResponse();

        assertThat(r.text()).isEqualTo("Hello");
        assertThat(r.finishReason()).contains("tool_calls");
        assertThat(r.usage()).contains(new Usage(7, 3));
        assertThat(r.choices().getFirst().toolCalls().get(0).path("function").path("arguments").asText())
                .isEqualTo("{\"a\":1}");
        assertThat(r.choices().getFirst().toolCalls().get(0).path("id").asText()).isEqualTo("c1");
    }

    @Test
    void theJsonOfAReassembledResponseRoundTrips() {
        StreamAssembler a = new StreamAssembler();
        a.add(chunk(new ChatChunk.Delta(0, "assistant", "Paris", null, null, "stop", null)));

        ChatResponse r = OpenAiJson.parseResponse(OpenAiJson.toJson(a.toResponse()));

        assertThat(r.text()).isEqualTo("Paris");
        assertThat(r.finishReason()).contains("stop");
    }

    static ChatChunk chunk(ChatChunk.Delta d) {
        return new ChatChunk("id", 1, "m", List.of(d), Optional.empty());
    }
}
