package dev.ladder.pipeline;

import static java.util.Objects.requireNonNull;

import dev.ladder.model.ChatResponse;
import dev.ladder.model.ChunkStream;

/** What the path produces: a complete answer, or a stream that the API edge writes as SSE. */
public sealed interface Reply {

    record Complete(ChatResponse response) implements Reply {
        public Complete {
            requireNonNull(response, "response is null");
        }
    }

    record Streaming(ChunkStream stream) implements Reply {
        public Streaming {
            requireNonNull(stream, "stream is null");
        }
    }
}
