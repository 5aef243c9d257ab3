package dev.ladder.strategy;

import dev.ladder.model.ChatChunk;
import dev.ladder.model.ChatResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Pure: a complete response as the chunks of a stream (role, content, finish reason, then usage). */
final class Chunks {

    private Chunks() {
    }

    static List<ChatChunk> of(ChatResponse r) {
        List<ChatChunk> out = new ArrayList<>();
        for (ChatResponse.Choice c : r.choices()) {
            out.add(chunk(r, new ChatChunk.Delta(c.index(), "assistant", null, null, null, null, null)));
            if (c.content() != null || c.toolCalls() != null) {
                out.add(chunk(r, new ChatChunk.Delta(c.index(), null, c.content(), c.toolCalls(), c.refusal(), null,
                        c.logprobs())));
            }
            out.add(chunk(r, new ChatChunk.Delta(c.index(), null, null, null, null, c.finishReason(), null)));
        }
        r.usage().ifPresent(u -> out.add(new ChatChunk(r.id(), r.created(), r.model(), List.of(), Optional.of(u))));
        return out;
    }

    private static ChatChunk chunk(ChatResponse r, ChatChunk.Delta d) {
        return new ChatChunk(r.id(), r.created(), r.model(), List.of(d), Optional.empty());
    }
}
