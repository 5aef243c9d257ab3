package dev.ladder.providers;

import dev.ladder.model.ChatChunk;
import dev.ladder.wire.SseEvent;
import java.util.List;

/**
 * Turns one provider's server-sent events into chunks. One decoder serves one stream and may keep state
 * (ids, token counts, tool-call indexes). Errors the upstream reports in the stream, and events that do not
 * parse, are thrown as {@link dev.ladder.model.LadderException}s built with {@link UpstreamFailures}.
 */
public interface StreamDecoder {

    /** The chunks one event yields, in order (often one, possibly none), and whether it ended the stream cleanly. */
    Step decode(SseEvent event);

    /** The event that ends this stream cleanly, named in the failure when the body ends without it. */
    String endMarker();

    record Step(List<ChatChunk> chunks, boolean end) {

        public static final Step NOTHING = new Step(List.of(), false);
        public static final Step END = new Step(List.of(), true);

        public Step {
            chunks = List.copyOf(chunks);
        }

        public static Step of(ChatChunk chunk) {
            return new Step(List.of(chunk), false);
        }

        public static Step endWith(ChatChunk chunk) {
            return new Step(List.of(chunk), true);
        }
    }
}
