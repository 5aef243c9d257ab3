package dev.ladder.providers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ladder.wire.Json;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One request a fake upstream received: method, path, raw query ("" without one), headers (case-insensitive), body, and the client's
 * port (equal ports on two requests mean the client reused its connection).
 */
public record RecordedRequest(String method, String path, String query, Map<String, List<String>> headers,
        String body, int clientPort) {

    public RecordedRequest {
        TreeMap<String, List<String>> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        h.putAll(headers);
        headers = java.util.Collections.unmodifiableMap(h);
    }

    public Optional<String> header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.getFirst());
    }

    /** The body as JSON, or a missing node when it is not JSON. */
    public JsonNode json() {
        try {
            JsonNode n = Json.read(body);
            return n == null ? Json.NODES.missingNode() : n;
        } catch (Exception e) {
            return Json.NODES.missingNode();
        }
    }

    /** The {@code model} the request asked for, or "". */
    public String model() {
        return json().path("model").asText("");
    }

    public boolean streams() {
        return json().path("stream").asBoolean(false);
    }
}
