package dev.ladder.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ladder.model.ChatChunk;
import dev.ladder.model.ChunkStream;
import dev.ladder.model.LadderException;
import dev.ladder.pipeline.Exchange;
import dev.ladder.wire.Json;
import dev.ladder.wire.OpenAiJson;
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
 * Writes a stream as OpenAI-style SSE. A stream ends in exactly one of three ways: {@code data: [DONE]}
 * after a clean end; an explicit error event ({@code data: {"error": ...}}) when the upstream fails after
 * content was sent; or a client disconnect, which closes (cancels) the upstream. Never a silent truncation.
 * The usage chunk is forwarded only when the client asked for it ({@code stream_options.include_usage}),
 * but usage is always recorded.
 */
final class SseResponder {

    private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8);

    private final ServerResponse res;
    private final Exchange exchange;

    SseResponder(ServerResponse res, Exchange exchange) {
        this.res = res;
        this.exchange = exchange;
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
        boolean includeUsage = exchange.request().includeUsage();
        boolean usageSent = false;
        try (stream; OutputStream out = res.outputStream()) {
            try {
                Optional<ChatChunk> next;
                while ((next = stream.next()).isPresent()) {
                    ChatChunk chunk = next.get();
                    boolean usageOnly = chunk.choices().isEmpty() && chunk.usage().isPresent();
                    if (usageOnly && !includeUsage) {
                        continue;
                    }
                    usageSent |= chunk.usage().isPresent();
                    ObjectNode json = OpenAiJson.toJson(includeUsage ? chunk
                            : new ChatChunk(chunk.id(), chunk.created(), chunk.model(), chunk.choices(), Optional.empty()));
                    if (includeUsage && chunk.usage().isEmpty()) {
                        json.putNull("usage");
                    }
                    event(out, json);
                    if (!chunk.choices().isEmpty()) {
                        exchange.firstContentSent();
                    }
                }
                if (includeUsage && !usageSent) {
                    // the upstream reported none: send what Ladder counted, so the client's accounting holds
                    event(out, OpenAiJson.toJson(new ChatChunk("chatcmpl-" + exchange.requestId(),
                            exchange.receivedAt().getEpochSecond(), exchange.answeredBy().map(m -> m.upstreamModel())
                            .orElse(""), List.of(), Optional.of(exchange.usage()))));
                }
                out.write(DONE);
                out.flush();
                exchange.finish(200, Optional.empty());
            } catch (LadderException e) {
                HttpError error = ErrorMapper.map(e.failure());
                event(out, error.body());
                exchange.finish(error.status(), Optional.of(e.failure()));
            }
        } catch (IOException | UncheckedIOException | CloseConnectionException e) {
            // the client went away: the try block has closed (cancelled) the upstream stream by now
            throw ClientGone.record(exchange, e);
        }
    }

    private static void event(OutputStream out, ObjectNode json) throws IOException {
        out.write("data: ".getBytes(StandardCharsets.UTF_8));
        out.write(Json.writeBytes(json));
        out.write("\n\n".getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
