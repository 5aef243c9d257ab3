package dev.ladder.providers.simulated;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import dev.ladder.wire.Json;
import dev.ladder.wire.OpenAiJson;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Writing the simulator's HTTP answers: JSON bodies, OpenAI error envelopes, server-sent events. */
final class HttpReplies {

    static final String JSON = "application/json";
    static final String EVENT_STREAM = "text/event-stream; charset=utf-8";

    private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII);

    private HttpReplies() {
    }

    /** Sends {@code body} as the whole answer and closes the exchange. */
    static void json(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = Json.writeBytes(body);
        exchange.getResponseHeaders().set("Content-Type", JSON);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** Sends an OpenAI error envelope and closes the exchange. */
    static void error(HttpExchange exchange, int status, String message, String type, String param, String code)
            throws IOException {
        json(exchange, status, OpenAiJson.error(message, type, param, code));
    }

    static void notFound(HttpExchange exchange) throws IOException {
        error(exchange, 404, "Unknown request URL: " + exchange.getRequestMethod() + " "
                + exchange.getRequestURI().getPath() + ".", "invalid_request_error", null, "unknown_url");
    }

    static void methodNotAllowed(HttpExchange exchange, String allowed) throws IOException {
        exchange.getResponseHeaders().set("Allow", allowed);
        error(exchange, 405, "Method " + exchange.getRequestMethod() + " is not allowed on "
                + exchange.getRequestURI().getPath() + "; use " + allowed + ".", "invalid_request_error", null, null);
    }

    /** Starts a server-sent event stream (status 200, chunked). */
    static OutputStream startEvents(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", EVENT_STREAM);
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        exchange.sendResponseHeaders(200, 0);
        return exchange.getResponseBody();
    }

    /** Writes and flushes one {@code data:} event; throws when the client has gone away. */
    static void event(OutputStream out, JsonNode data) throws IOException {
        out.write("data: ".getBytes(StandardCharsets.US_ASCII));
        out.write(Json.writeBytes(data));
        out.write('\n');
        out.write('\n');
        out.flush();
    }

    static void done(OutputStream out) throws IOException {
        out.write(DONE);
        out.flush();
    }
}
