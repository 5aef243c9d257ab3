package dev.ladder.pipeline;

import dev.ladder.model.ChatResponse;
import dev.ladder.model.ChunkStream;

/**
 * An upstream that serves chat completions in some wire format. Implementations live in
 * {@code dev.ladder.providers.<format>}; they translate the OpenAI-shaped request and map every upstream
 * failure to a {@link dev.ladder.model.Failure} inside a {@link dev.ladder.model.LadderException}.
 */
public interface Provider extends AutoCloseable {

    /** The configured provider name. */
    String name();

    ChatResponse complete(UpstreamCall call);

    /**
     * Starts a streamed completion. Returns once the upstream accepted the call (status 200); failures
     * before that throw, failures after it surface from {@link dev.ladder.model.ChunkStream#next()}.
     * The stream always ends with a usage chunk when the upstream reports usage.
     */
    ChunkStream stream(UpstreamCall call);

    @Override
    default void close() {
    }
}
