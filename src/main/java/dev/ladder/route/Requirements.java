package dev.ladder.route;

import dev.ladder.model.Capability;
import dev.ladder.model.ChatRequest;
import dev.ladder.model.Message;
import java.util.EnumSet;
import java.util.Set;

/** Pure: the capabilities a request needs from the model that serves it. */
final class Requirements {

    private Requirements() {
    }

    static Set<Capability> of(ChatRequest request) {
        Set<Capability> needs = EnumSet.noneOf(Capability.class);
        if (request.hasTools()) {
            needs.add(Capability.TOOLS);
        }
        if (request.wantsLogprobs()) {
            needs.add(Capability.LOGPROBS);
        }
        request.responseFormatType().ifPresent(t -> {
            if (t.equals("json_schema")) {
                needs.add(Capability.JSON_SCHEMA);
            } else if (t.equals("json_object")) {
                needs.add(Capability.JSON_MODE);
            }
        });
        for (Message m : request.messages()) {
            if (m.raw().path("content").isArray()) {
                for (var part : m.raw().get("content")) {
                    if ("image_url".equals(part.path("type").asText())) {
                        needs.add(Capability.VISION);
                    }
                }
            }
        }
        return needs;
    }
}
