package dev.ladder.upstream;

import dev.ladder.model.ChatChunk;
import dev.ladder.model.ChunkStream;
import dev.ladder.model.LadderException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * A stream read ahead until its first content (or its end): chunks before that are buffered and replayed.
 * Until then nothing has reached the client, so a failure thrown by {@link #holdUntilContent} can still
 * fail over to another deployment invisibly; after it, failures surface from {@link #next()}.
 */
final class CommittedStream implements ChunkStream {

    private final ChunkStream upstream;
    private final Deque<ChatChunk> buffered;

    private CommittedStream(ChunkStream upstream, Deque<ChatChunk> buffered) {
        this.upstream = upstream;
        this.buffered = buffered;
    }

    /** Reads until the first chunk with content, or the end. Closes the upstream if that fails. */
    static CommittedStream holdUntilContent(ChunkStream upstream) {
        Deque<ChatChunk> buffered = new ArrayDeque<>();
        try {
            while (true) {
                Optional<ChatChunk> next = upstream.next();
                if (next.isEmpty()) {
                    break;
                }
                buffered.add(next.get());
                if (next.get().hasContent()) {
                    break;
                }
            }
        } catch (RuntimeException e) {
            upstream.close();
            throw e;
        }
        return new CommittedStream(upstream, buffered);
    }

    @Override
    public Optional<ChatChunk> next() {
        ChatChunk head = buffered.poll();
        return head != null ? Optional.of(head) : upstream.next();
    }

    @Override
    public void close() {
        upstream.close();
    }
}
