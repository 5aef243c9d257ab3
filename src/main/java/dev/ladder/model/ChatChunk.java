package dev.ladder.model;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;

/**
 * One streamed chunk ({@code chat.completion.chunk}). A chunk with no choices and a usage is the final
 * usage chunk of {@code stream_options.include_usage}.
 */
public record ChatChunk(String id, long created, String model, List<Delta> choices, Optional<Usage> usage) {

    public ChatChunk {
        requireNonNull(id, "id is null");
        requireNonNull(model, "model is null");
        choices = List.copyOf(choices);
        requireNonNull(usage, "usage is null");
    }

    /** One choice's delta; every field but {@code index} may be null. */
    public record Delta(int index, String role, String content, JsonNode toolCalls, String refusal,
            String finishReason, JsonNode logprobs) {
    }

    public boolean hasContent() {
        for (Delta d : choices) {
            if ((d.content() != null && !d.content().isEmpty()) || d.toolCalls() != null
                    || (d.refusal() != null && !d.refusal().isEmpty())) {
                return true;
            }
        }
        return false;
    }

    public ChatChunk withModel(String newModel) {
        return new ChatChunk(id, created, newModel, choices, usage);
    }
}
