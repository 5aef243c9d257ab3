package dev.ladder.wire;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ladder.model.ChatChunk;
import dev.ladder.model.Usage;
import java.util.List;
import java.util.Optional;

/**
 * {@code chat.completion.chunk} events, {@code data:} lines only, ending with {@code data: [DONE]}. The usage
 * chunk is forwarded only when the client asked for it ({@code stream_options.include_usage}); when it asked and
 * the upstream reported none, the gateway's own count is sent so the client's accounting holds.
 */
public final class OpenAiChatEvents implements EventEncoder {

    static final String MESSAGE = "message";

    private final boolean includeUsage;
    private final String fallbackId;
    private final long created;
    private boolean usageSent;

    public OpenAiChatEvents(boolean includeUsage, String fallbackId, long created) {
        this.includeUsage = includeUsage;
        this.fallbackId = fallbackId;
        this.created = created;
    }

    @Override
    public List<SseEvent> next(ChatChunk chunk) {
        boolean usageOnly = chunk.choices().isEmpty() && chunk.usage().isPresent();
        if (usageOnly && !includeUsage) {
            return List.of();
        }
        usageSent |= chunk.usage().isPresent();
        ObjectNode json = OpenAiJson.toJson(includeUsage ? chunk
                : new ChatChunk(chunk.id(), chunk.created(), chunk.model(), chunk.choices(), Optional.empty()));
        if (includeUsage && chunk.usage().isEmpty()) {
            json.putNull("usage");
        }
        return List.of(data(json));
    }

    @Override
    public List<SseEvent> end(Usage counted, String model) {
        SseEvent done = new SseEvent(MESSAGE, "[DONE]");
        if (includeUsage && !usageSent) {
            return List.of(data(OpenAiJson.toJson(new ChatChunk(fallbackId, created, model, List.of(),
                    Optional.of(counted)))), done);
        }
        return List.of(done);
    }

    @Override
    public List<SseEvent> failed(ObjectNode error) {
        return List.of(data(error));
    }

    private static SseEvent data(ObjectNode json) {
        return new SseEvent(MESSAGE, Json.write(json));
    }
}
