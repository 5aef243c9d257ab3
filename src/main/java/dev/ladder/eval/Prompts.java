package dev.ladder.eval;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ladder.model.ChatRequest;
import dev.ladder.model.Message;
import dev.ladder.model.Role;
import dev.ladder.wire.Json;
import java.util.List;

/** Turns a data set's prompt into the request a classifier sees: one user message to the routing alias. */
final class Prompts {

    static final String ALIAS = "ladder/auto";

    private Prompts() {
    }

    static ChatRequest request(String prompt) {
        ObjectNode raw = Json.object().put("role", "user").put("content", prompt);
        ObjectNode body = Json.object().put("model", ALIAS);
        body.putArray("messages").add(raw);
        return new ChatRequest(ALIAS, List.of(new Message(Role.USER, prompt, raw)), false, false, body);
    }

    static List<ChatRequest> requests(List<String> prompts) {
        return prompts.stream().map(Prompts::request).toList();
    }
}
