package dev.ladder.webhooks;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * An event waiting in the outbox: its {@code webhook-id} (the same on every retry), type, the exact JSON body that
 * is signed and sent, and where it goes ({@code url}; empty means the configured {@code webhooks.url}).
 */
public record OutboxEvent(String id, String type, String body, Optional<String> url, Instant createdAt) {

    public OutboxEvent {
        requireNonNull(id, "id is null");
        requireNonNull(type, "type is null");
        requireNonNull(body, "body is null");
        requireNonNull(url, "url is null");
        requireNonNull(createdAt, "createdAt is null");
    }
}
