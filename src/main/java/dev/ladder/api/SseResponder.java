package dev.ladder.api;

import dev.ladder.model.ChatChunk;
import dev.ladder.model.ChunkStream;
import dev.ladder.model.LadderException;
import dev.ladder.pipeline.Exchange;
import dev.ladder.wire.EventEncoder;
import dev.ladder.wire.SseEvent;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * Writes a stream as SSE in a front door's format (its {@link EventEncoder}). A stream ends in exactly one of three
 * ways: the format's clean end (OpenAI's {@code data: [DONE]}, Anthropic's {@code message_stop}, ...); an explicit
 * error event when the upstream fails after content was sent; or a client disconnect, which closes (cancels) the
 * upstream. Never a silent truncation. Usage is always recorded, whatever the format forwards.
 */
final class SseResponder {

    private final ServerResponse res;
    private final Exchange exchange;
    private final FrontDoor door;

    SseResponder(ServerResponse res, Exchange exchange, FrontDoor door) {
        this.res = res;
        this.exchange = exchange;
        this.door = door;
    }

    void write(ChunkStream stream) {
        ChatCompletionsHandler.writeLadderHeaders(res, exchange);
        if (!exchange.cacheStatus().isHit()) {
            // the cost is known only when the stream ends; it is in the decision log then (a replay costs 0)
            res.header(LadderHeaders.COST, "pending");
            res.header(LadderHeaders.BASELINE_COST, "pending");
        }
        res.header(HeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8");
        res.header(HeaderNames.CACHE_CONTROL, "no-cache");
        res.header("X-Accel-Buffering", "no");
        res.status(200);
        EventEncoder encoder = door.encoder(exchange);
        try (stream; OutputStream out = res.outputStream()) {
            try {
                Optional<ChatChunk> next;
                while ((next = stream.next()).isPresent()) {
                    ChatChunk chunk = next.get();
                    write(out, encoder.next(chunk));
                    if (!chunk.choices().isEmpty()) {
                        exchange.firstContentSent();
                    }
                }
                write(out, encoder.end(exchange.usage(), exchange.answeredBy().map(m -> m.upstreamModel()).orElse("")));
                exchange.finish(200, Optional.empty());
            } catch (LadderException e) {
                HttpError error = door.error(ErrorMapper.map(e.failure()));
                write(out, encoder.failed(error.body()));
                exchange.finish(error.status(), Optional.of(e.failure()));
            }
        } catch (IOException | UncheckedIOException | CloseConnectionException e) {
            // the client went away: the try block has closed (cancelled) the upstream stream by now
            throw ClientGone.record(exchange, e);
        }
    }

    /** {@code event:} only for named events ("message" is SSE's default name), then {@code data:}. */
    private static void write(OutputStream out, List<SseEvent> events) throws IOException {
        if (events.isEmpty()) {
            return;
        }
        StringBuilder sb = new StringBuilder();
        for (SseEvent e : events) {
            if (!e.event().equals("message")) {
                sb.append("event: ").append(e.event()).append('\n');
            }
            sb.append("data: ").append(e.data()).append("\n\n");
        }
        out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
