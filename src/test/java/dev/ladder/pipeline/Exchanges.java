package dev.ladder.pipeline;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ladder.model.ChatRequest;
import dev.ladder.model.Price;
import dev.ladder.wire.Json;
import dev.ladder.wire.OpenAiRequests;
import java.time.InstantSource;

/** Test helper: exchanges for a one-message request. */
public final class Exchanges {

    private Exchanges() {
    }

    public static ChatRequest request(String model, String user, boolean stream) {
        ObjectNode body = Json.object();
        body.put("model", model);
        body.putArray("messages").addObject().put("role", "user").put("content", user);
        if (stream) {
            body.put("stream", true);
        }
        return OpenAiRequests.parse(body);
    }

    public static Exchange simple(String user) {
        return simple(user, GatewayEvents.NONE);
    }

    public static Exchange simple(String user, GatewayEvents events) {
        return of(request("ladder/auto", user, false), RequestContext.EMPTY, events);
    }

    public static Exchange of(ChatRequest request, RequestContext context, GatewayEvents events) {
        return new Exchange("req_test", request, context, events, InstantSource.system(), new Price(10, 30));
    }
}
