package dev.ladder.classify;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ladder.model.ChatRequest;
import dev.ladder.model.Message;
import dev.ladder.model.Role;
import java.util.List;

/** Builds chat requests for tests and benchmarks. */
final class Requests {

    static final String ALIAS = "ladder/auto";

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private Requests() {
    }

    static ChatRequest user(String text) {
        return conversation(message(Role.USER, text));
    }

    static ChatRequest conversation(Message... messages) {
        return to(ALIAS, messages);
    }

    static ChatRequest to(String model, Message... messages) {
        return new ChatRequest(model, List.of(messages), false, false, body(model));
    }

    static ChatRequest withBody(ObjectNode body, Message... messages) {
        return new ChatRequest(ALIAS, List.of(messages), false, false, body);
    }

    static ObjectNode body(String model) {
        return JSON.objectNode().put("model", model);
    }

    static Message message(Role role, String text) {
        ObjectNode raw = JSON.objectNode().put("role", role.wireName()).put("content", text);
        return new Message(role, text, raw);
    }

    static Message system(String text) {
        return message(Role.SYSTEM, text);
    }

    static Message userMessage(String text) {
        return message(Role.USER, text);
    }

    static Message assistant(String text) {
        return message(Role.ASSISTANT, text);
    }
}
