package dev.ladder.wire;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ladder.model.ChatChunk;
import dev.ladder.model.Usage;
import java.util.List;

/**
 * Turns the gateway's internal stream of chat chunks into one public wire format's server-sent events. One
 * encoder per response; the API edge writes what it returns, in order. A stream ends in exactly one of two
 * ways: {@link #end} after the last chunk, or {@link #failed} when the upstream fails after the response began.
 */
public interface EventEncoder {

    /** The events for one chunk (often one, sometimes none or several). */
    List<SseEvent> next(ChatChunk chunk);

    /**
     * The closing events of a clean end. {@code counted} is the usage the gateway recorded for the answer (used
     * when the upstream reported none); {@code model} names the model that answered.
     */
    List<SseEvent> end(Usage counted, String model);

    /** The event that reports a failure after the stream began; {@code error} is already in this format's shape. */
    List<SseEvent> failed(ObjectNode error);
}
