package dev.ladder.model;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One chat message. {@code text} is the message's plain text (all text parts joined), used by
 * classifiers, caches and validators; {@code raw} is the message exactly as the client sent it, which
 * adapters forward so nothing (images, tool calls, names) is lost.
 */
public record Message(Role role, String text, JsonNode raw) {

    public Message {
        requireNonNull(role, "role is null");
        requireNonNull(text, "text is null");
        requireNonNull(raw, "raw is null");
    }
}
