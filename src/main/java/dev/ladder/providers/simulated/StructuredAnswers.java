package dev.ladder.providers.simulated;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ladder.model.ChatRequest;
import dev.ladder.wire.Json;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * What a simulated model answers when the request asks for structure: a call of the first tool (or the one
 * {@code tool_choice} names) with arguments valid for its parameter schema, unless {@code tool_choice} is
 * {@code none}; JSON valid for the {@code response_format} schema ({@code json_object}: the answer text under
 * {@code "answer"}); the answer cut at the first {@code stop} sequence. Example values follow the schema:
 * {@code enum}/{@code const} first value, numbers at their minimum (else 1), strings by format (date, date-time,
 * email, uri) or "example &lt;property&gt;", one array item, every object property. Pure.
 */
final class StructuredAnswers {

    private static final int MAX_DEPTH = 8;

    private StructuredAnswers() {
    }

    /** The tool call to make ({@code {"name": ..., "arguments": "<json>"}}), or empty when no tool is called. */
    static Optional<ObjectNode> toolCall(ChatRequest request) {
        JsonNode body = request.body();
        if (!request.hasTools() || body.path("tool_choice").asText("").equals("none")) {
            return Optional.empty();
        }
        JsonNode tools = body.get("tools");
        JsonNode chosen = tools.get(0);
        String named = body.path("tool_choice").path("function").path("name").asText("");
        for (JsonNode t : tools) {
            if (t.path("function").path("name").asText().equals(named)) {
                chosen = t;
            }
        }
        JsonNode f = chosen.path("function");
        ObjectNode call = Json.object();
        call.put("name", f.path("name").asText("tool"));
        JsonNode schema = f.path("parameters");
        call.put("arguments", Json.write(schema.isObject() ? example(schema, "", 0) : Json.object()));
        return Optional.of(call);
    }

    /** The JSON answer for a {@code response_format} that asks for JSON, or empty for plain text. */
    static Optional<String> json(ChatRequest request, String text) {
        JsonNode format = request.body().path("response_format");
        return switch (format.path("type").asText("")) {
            case "json_schema" -> Optional.of(Json.write(example(format.path("json_schema").path("schema"), "", 0)));
            case "json_object" -> {
                ObjectNode n = Json.object();
                n.put("answer", text);
                yield Optional.of(Json.write(n));
            }
            default -> Optional.empty();
        };
    }

    /** JSON cut short (its closing brace gone): what a weak model's truncated JSON looks like. */
    static String broken(String json) {
        return json.length() <= 1 ? "{" : json.substring(0, json.length() - 1);
    }

    /** {@code text} up to the first of the request's stop sequences (which is not included). */
    static String stopAt(ChatRequest request, String text) {
        JsonNode stop = request.body().get("stop");
        List<String> stops = new ArrayList<>();
        if (stop != null && stop.isTextual()) {
            stops.add(stop.asText());
        } else if (stop != null && stop.isArray()) {
            stop.forEach(s -> stops.add(s.asText()));
        }
        int cut = text.length();
        for (String s : stops) {
            int at = s.isEmpty() ? -1 : text.indexOf(s);
            if (at >= 0 && at < cut) {
                cut = at;
            }
        }
        return text.substring(0, cut);
    }

    static JsonNode example(JsonNode schema, String name, int depth) {
        if (schema.has("const")) {
            return schema.get("const");
        }
        if (schema.path("enum").isArray() && !schema.get("enum").isEmpty()) {
            return schema.get("enum").get(0);
        }
        for (String alternatives : new String[] {"anyOf", "oneOf", "allOf"}) {
            if (schema.path(alternatives).isArray() && !schema.get(alternatives).isEmpty()) {
                return example(schema.get(alternatives).get(0), name, depth + 1);
            }
        }
        JsonNode typeNode = schema.path("type");
        String type = typeNode.isArray() ? firstNonNull(typeNode) : typeNode.asText(schema.has("properties")
                ? "object" : "string");
        if (depth > MAX_DEPTH) {
            return Json.NODES.nullNode();
        }
        return switch (type) {
            case "object" -> {
                ObjectNode o = Json.object();
                Iterator<String> names = schema.path("properties").fieldNames();
                while (names.hasNext()) {
                    String p = names.next();
                    o.set(p, example(schema.path("properties").get(p), p, depth + 1));
                }
                yield o;
            }
            case "array" -> {
                ArrayNode a = Json.NODES.arrayNode();
                a.add(example(schema.path("items"), name, depth + 1));
                yield a;
            }
            case "integer" -> Json.NODES.numberNode(schema.path("minimum").asLong(1));
            case "number" -> Json.NODES.numberNode(schema.path("minimum").asDouble(1.5));
            case "boolean" -> Json.NODES.booleanNode(true);
            case "null" -> Json.NODES.nullNode();
            default -> Json.NODES.textNode(string(schema.path("format").asText(""), name));
        };
    }

    private static String firstNonNull(JsonNode types) {
        for (JsonNode t : types) {
            if (!t.asText().equals("null")) {
                return t.asText();
            }
        }
        return "null";
    }

    private static String string(String format, String name) {
        return switch (format) {
            case "date" -> "2024-01-01";
            case "date-time" -> "2024-01-01T12:00:00Z";
            case "email" -> "someone@example.com";
            case "uri", "url" -> "https://example.com";
            case "uuid" -> "00000000-0000-4000-8000-000000000000";
            default -> name.isEmpty() ? "example" : "example " + name;
        };
    }
}
