package dev.ladder.webhooks;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ladder.wire.Json;
import java.time.InstantSource;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.UUID;

/**
 * The way into webhook delivery for every feature: {@link #enqueue} stores an event in the durable outbox, and
 * the {@link Deliverer} sends it, signed, retrying on its schedule. The body is Standard Webhooks' suggested
 * envelope: {@code {"type": ..., "timestamp": ..., "data": ...}}.
 */
public final class Outbox {

    private final OutboxStore store;
    private final Optional<String> defaultUrl;
    private final InstantSource clock;

    public Outbox(OutboxStore store, Optional<String> defaultUrl, InstantSource clock) {
        this.store = requireNonNull(store, "store is null");
        this.defaultUrl = requireNonNull(defaultUrl, "defaultUrl is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /**
     * Stores an event for the configured {@code webhooks.url}; its {@code webhook-id}, or empty when no URL is
     * configured (nothing is stored then).
     *
     * @param eventType e.g. {@code batch.completed}, {@code budget.alert}
     * @param jsonPayload the event's {@code data}, a JSON value
     * @throws IllegalArgumentException when {@code jsonPayload} is not JSON
     */
    public Optional<String> enqueue(String eventType, String jsonPayload) {
        Optional<OutboxEvent> e = event(eventType, jsonPayload, Optional.empty());
        e.ifPresent(store::insert);
        return e.map(OutboxEvent::id);
    }

    /**
     * The event to store for {@code url} (or the configured URL when empty), for callers that write it in their
     * own transaction; empty when there is nowhere to send it.
     */
    public Optional<OutboxEvent> event(String eventType, String jsonPayload, Optional<String> url) {
        requireNonNull(eventType, "eventType is null");
        Optional<String> target = url.or(() -> defaultUrl);
        if (target.isEmpty()) {
            return Optional.empty();
        }
        JsonNode data;
        try {
            data = Json.read(jsonPayload);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the payload of a " + eventType + " event is not JSON: "
                    + e.getOriginalMessage(), e);
        }
        var now = clock.instant();
        ObjectNode body = Json.object();
        body.put("type", eventType);
        body.put("timestamp", DateTimeFormatter.ISO_INSTANT.format(now));
        body.set("data", data);
        return Optional.of(new OutboxEvent("msg_" + UUID.randomUUID().toString().replace("-", ""), eventType,
                Json.write(body), url, now));
    }

    public OutboxStore store() {
        return store;
    }
}
