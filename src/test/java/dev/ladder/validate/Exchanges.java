package dev.ladder.validate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ladder.model.ChatRequest;
import dev.ladder.model.ChatResponse;
import dev.ladder.model.Usage;
import dev.ladder.wire.Json;
import dev.ladder.wire.OpenAiRequests;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;

/** Requests and answers for validator tests, built from OpenAI-shaped JSON the way the edge builds them. */
final class Exchanges {

    private Exchanges() {
    }

    /** A request with one user message and the given extra body fields (JSON object text, may be "{}"). */
    static ChatRequest ask(String question, String extraBody) {
        ObjectNode body = (ObjectNode) json(extraBody);
        body.put("model", "ladder/auto");
        body.putArray("messages").addObject().put("role", "user").put("content", question);
        return OpenAiRequests.parse(body);
    }

    static ChatRequest ask(String question) {
        return ask(question, "{}");
    }

    static ChatResponse answer(String content) {
        return answer(content, "stop");
    }

    static ChatResponse answer(String content, String finishReason) {
        return response(new ChatResponse.Choice(0, content, null, null, finishReason, null));
    }

    static ChatResponse response(ChatResponse.Choice choice) {
        return new ChatResponse("chatcmpl-test", 1_700_000_000L, "cheap", List.of(choice),
                Optional.of(new Usage(20, 10)), Optional.empty());
    }

    static JsonNode json(String text) {
        try {
            return Json.read(text);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
