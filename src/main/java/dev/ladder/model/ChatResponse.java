package dev.ladder.model;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;

/** A complete (non-streamed, or re-assembled) chat completion. */
public record ChatResponse(String id, long created, String model, List<Choice> choices, Optional<Usage> usage,
        Optional<String> systemFingerprint) {

    public ChatResponse {
        requireNonNull(id, "id is null");
        requireNonNull(model, "model is null");
        choices = List.copyOf(choices);
        requireNonNull(usage, "usage is null");
        requireNonNull(systemFingerprint, "systemFingerprint is null");
    }

    /**
     * One choice. {@code content} may be null when the model only called tools; {@code toolCalls} and
     * {@code logprobs} are OpenAI-shaped JSON or null.
     */
    public record Choice(int index, String content, JsonNode toolCalls, String refusal, String finishReason,
            JsonNode logprobs) {
    }

    /** The first choice's text, or "" when it has none. */
    public String text() {
        if (choices.isEmpty() || choices.getFirst().content() == null) {
            return "";
        }
        return choices.getFirst().content();
    }

    public Optional<String> finishReason() {
        return choices.isEmpty() ? Optional.empty() : Optional.ofNullable(choices.getFirst().finishReason());
    }

    public ChatResponse withModel(String newModel) {
        return new ChatResponse(id, created, newModel, choices, usage, systemFingerprint);
    }

    public ChatResponse withUsage(Usage newUsage) {
        return new ChatResponse(id, created, model, choices, Optional.of(newUsage), systemFingerprint);
    }
}
