package dev.ladder.api;

import dev.ladder.wire.Json;
import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;
import io.helidon.webserver.http.DirectHandlers;

/**
 * What the web server answers when it turns a request away before routing (headers too large, a malformed
 * request line, an unsupported HTTP version, ...): the status it chose with an OpenAI-style error body from
 * {@link ErrorMapper#rejected}, instead of Helidon's empty one.
 */
final class Rejections implements DirectHandler {

    private Rejections() {
    }

    /** One handler for every kind of event Helidon reports this way. */
    static DirectHandlers handlers() {
        Rejections handler = new Rejections();
        DirectHandlers.Builder b = DirectHandlers.builder();
        for (EventType type : EventType.values()) {
            b.addHandler(type, handler);
        }
        return b.build();
    }

    @Override
    public TransportResponse handle(TransportRequest request, EventType eventType, Status defaultStatus,
            ServerResponseHeaders headers, String message) {
        HttpError error = ErrorMapper.rejected(defaultStatus.code());
        headers.set(HeaderNames.CONTENT_TYPE, "application/json");
        return TransportResponse.builder()
                .status(Status.create(error.status()))
                .headers(headers)
                .keepAlive(eventType.keepAlive())
                .entity(Json.writeBytes(error.body()))
                .build();
    }
}
