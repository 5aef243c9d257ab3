package dev.ladder.model;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * A validated chat-completion request. {@code body} is the client's OpenAI-shaped JSON body (already
 * checked by the API edge); it is never mutated: adapters call {@link #bodyCopy()} and change the copy.
 * The typed accessors are what the gateway itself reasons about.
 */
public record ChatRequest(String model, List<Message> messages, boolean stream, boolean includeUsage,
        ObjectNode body) {

    public ChatRequest {
        requireNonNull(model, "model is null");
        messages = List.copyOf(messages);
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("messages is empty");
        }
        requireNonNull(body, "body is null");
    }

    /** A deep copy of the body that the caller may change. */
    public ObjectNode bodyCopy() {
        return body.deepCopy();
    }

    /** The same request with another body (for instance with a per-tier default applied). */
    public ChatRequest withBody(ObjectNode newBody) {
        return new ChatRequest(model, messages, stream, includeUsage, newBody);
    }

    public OptionalInt maxTokens() {
        JsonNode n = body.has("max_completion_tokens") ? body.get("max_completion_tokens") : body.get("max_tokens");
        return n != null && n.canConvertToInt() ? OptionalInt.of(n.asInt()) : OptionalInt.empty();
    }

    public OptionalDouble temperature() {
        JsonNode n = body.get("temperature");
        return n != null && n.isNumber() ? OptionalDouble.of(n.asDouble()) : OptionalDouble.empty();
    }

    public Optional<String> user() {
        JsonNode n = body.get("user");
        return n != null && n.isTextual() ? Optional.of(n.asText()) : Optional.empty();
    }

    public boolean wantsLogprobs() {
        JsonNode n = body.get("logprobs");
        return n != null && n.asBoolean(false);
    }

    /** "text", "json_object" or "json_schema" when the client asked for a response format. */
    public Optional<String> responseFormatType() {
        JsonNode n = body.path("response_format").path("type");
        return n.isTextual() ? Optional.of(n.asText()) : Optional.empty();
    }

    public boolean hasTools() {
        JsonNode n = body.get("tools");
        return n != null && n.isArray() && !n.isEmpty();
    }

    /** The text of the last user message, or empty when there is none. */
    public String lastUserText() {
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (messages.get(i).role() == Role.USER) {
                return messages.get(i).text();
            }
        }
        return "";
    }

    /** All message texts joined, in order, for token estimates. */
    public String allText() {
        StringBuilder sb = new StringBuilder();
        for (Message m : messages) {
            if (!sb.isEmpty()) {
                sb.append('\n');
            }
            sb.append(m.text());
        }
        return sb.toString();
    }
}
