package dev.ladder.providers.simulated;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.ladder.model.Failure;
import dev.ladder.wire.Json;
import java.io.IOException;
import java.util.Set;
import java.util.TreeSet;

/** {@code GET /v1/models} (the configured models) and {@code GET /v1/models/{id}}. */
final class ModelsHandler implements HttpHandler {

    static final String PATH = "/v1/models";
    private static final String OWNER = "ladder-simulator";

    private final Set<String> models;

    ModelsHandler(Set<String> models) {
        this.models = new TreeSet<>(models);
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        if (!"GET".equals(exchange.getRequestMethod())) {
            HttpReplies.methodNotAllowed(exchange, "GET");
        } else if (path.equals(PATH) || path.equals(PATH + "/")) {
            ObjectNode list = Json.object();
            list.put("object", "list");
            ArrayNode data = list.putArray("data");
            models.forEach(m -> model(data.addObject(), m));
            HttpReplies.json(exchange, 200, list);
        } else {
            String id = path.substring(PATH.length() + 1);
            if (models.contains(id)) {
                HttpReplies.json(exchange, 200, model(Json.object(), id));
            } else {
                HttpReplies.error(exchange, 404, new Failure.UnknownModel(id).message(), "invalid_request_error",
                        "model", "model_not_found");
            }
        }
    }

    private static ObjectNode model(ObjectNode n, String id) {
        n.put("id", id);
        n.put("object", "model");
        n.put("created", 0);
        n.put("owned_by", OWNER);
        return n;
    }
}
