package dev.ladder.cache;

import dev.ladder.model.ChatChunk;
import dev.ladder.model.ChatResponse;
import dev.ladder.model.ChunkStream;
import dev.ladder.pipeline.Exchange;
import dev.ladder.pipeline.Reply;
import dev.ladder.wire.StreamAssembler;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Hands a fresh answer to a cache layer once it is whole. A complete reply is handed over at once; a stream
 * is recorded as it goes by and handed over only when it ended cleanly (its last {@code next()} returned
 * empty): a stream that failed, or that the client abandoned, is never stored. Either way the answer must
 * pass the {@link Admission} first. One path for both: a stream is assembled into the same response a
 * complete reply carries.
 */
final class Capture {

    private Capture() {
    }

    /** {@code reply}, arranging for {@code store} to receive the answer when it is whole and admitted. */
    static Reply whenComplete(Reply reply, Exchange exchange, Admission admission, Consumer<CachedAnswer.Fresh> store) {
        return switch (reply) {
            case Reply.Complete c -> {
                offer(c.response(), Optional.empty(), exchange, admission, store);
                yield c;
            }
            case Reply.Streaming s -> new Reply.Streaming(new Recording(s.stream(), exchange, admission, store));
        };
    }

    private static void offer(ChatResponse response, Optional<List<ChatChunk>> chunks, Exchange exchange,
            Admission admission, Consumer<CachedAnswer.Fresh> store) {
        if (admission.admits(exchange.request(), response)) {
            store.accept(new CachedAnswer.Fresh(response, chunks, exchange.costUsd()));
        }
    }

    /** Passes a stream through, keeping its chunks; offers the answer at its clean end. */
    private static final class Recording implements ChunkStream {

        private final ChunkStream upstream;
        private final Exchange exchange;
        private final Admission admission;
        private final Consumer<CachedAnswer.Fresh> store;
        private final List<ChatChunk> chunks = new ArrayList<>();
        private final StreamAssembler assembler = new StreamAssembler();
        private boolean over;

        Recording(ChunkStream upstream, Exchange exchange, Admission admission, Consumer<CachedAnswer.Fresh> store) {
            this.upstream = upstream;
            this.exchange = exchange;
            this.admission = admission;
            this.store = store;
        }

        @Override
        public Optional<ChatChunk> next() {
            Optional<ChatChunk> next;
            try {
                next = upstream.next();
            } catch (RuntimeException e) {
                over = true;
                throw e;
            }
            if (over) {
                return next;
            }
            if (next.isPresent()) {
                chunks.add(next.get());
                assembler.add(next.get());
            } else {
                over = true;
                offer(assembler.toResponse(), Optional.of(chunks), exchange, admission, store);
            }
            return next;
        }

        @Override
        public void close() {
            over = true;
            upstream.close();
        }
    }
}
