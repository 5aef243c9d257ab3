package dev.ladder.providers.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ladder.model.ChatRequest;
import dev.ladder.providers.ErrorBody;
import dev.ladder.wire.Json;
import dev.ladder.wire.OpenAiJson;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * What the OpenAI adapter changes on the way up, and how it reads OpenAI-style errors. The request is the
 * client's own body (already OpenAI-shaped) with the upstream model id and the stream flags set; responses and
 * chunks go through the shared {@link OpenAiJson} codec.
 */
final class OpenAiMapper {

    private OpenAiMapper() {
    }

    /**
     * The upstream body: the client's body with {@code model} set to the deployment's model id. A stream
     * always asks for the usage chunk ({@code stream_options.include_usage}) so usage is recorded even when
     * the client did not ask for it (the API edge drops that chunk then); a non-stream call drops the stream
     * fields, whatever the client sent, since the caller chose the mode.
     */
    static ObjectNode requestBody(ChatRequest request, String upstreamModel, boolean stream) {
        ObjectNode body = request.bodyCopy();
        body.put("model", upstreamModel);
        if (stream) {
            body.put("stream", true);
            ObjectNode options = body.get("stream_options") instanceof ObjectNode o ? o : body.putObject("stream_options");
            options.put("include_usage", true);
        } else {
            body.remove("stream");
            body.remove("stream_options");
        }
        return body;
    }

    /** The error in a non-success body; a body that is no known error shape becomes its (trimmed) text. */
    static ErrorBody error(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        try {
            Optional<ErrorBody> e = error(Json.read(text));
            if (e.isPresent()) {
                return e.get();
            }
        } catch (Exception notJson) {
            // plain text or HTML from a proxy in front of the upstream: keep its text
        }
        return ErrorBody.of("", OpenAiJson.errorMessage(text));
    }

    /**
     * The error an OpenAI-style JSON carries, if it is one: {@code {"error": {message, type, code}}} (OpenAI;
     * the specific {@code code}, e.g. {@code context_length_exceeded}, is kept as the type when given),
     * {@code {"error": "text"}}, or vLLM's flat {@code {"object": "error", message, type, code}}.
     */
    static Optional<ErrorBody> error(JsonNode root) {
        if (root == null || !root.isObject()) {
            return Optional.empty();
        }
        JsonNode e = root.get("error");
        if (e != null && e.isObject()) {
            return Optional.of(ErrorBody.of(type(e), text(e.get("message"))));
        }
        if (e != null && e.isTextual()) {
            return Optional.of(ErrorBody.of("", e.asText()));
        }
        if ("error".equals(root.path("object").asText())) {
            return Optional.of(ErrorBody.of(type(root), text(root.get("message"))));
        }
        return Optional.empty();
    }

    /**
     * The HTTP status an in-band error (in a 200 body or mid-stream) stands for: its numeric {@code code}
     * when it is an error status (vLLM), else by OpenAI's error type; unknown errors count as server errors.
     */
    static int impliedStatus(JsonNode root) {
        JsonNode e = root.get("error") != null && root.get("error").isObject() ? root.get("error") : root;
        JsonNode code = e.get("code");
        if (code != null && code.canConvertToInt() && code.asInt() >= 400 && code.asInt() <= 599) {
            return code.asInt();
        }
        String kind = (text(e.get("type")) + " " + text(code)).toLowerCase(java.util.Locale.ROOT);
        if (kind.contains("rate_limit") || kind.contains("insufficient_quota")) {
            return 429;
        }
        if (kind.contains("authentication") || kind.contains("invalid_api_key")) {
            return 401;
        }
        if (kind.contains("permission")) {
            return 403;
        }
        if (kind.contains("invalid_request") || kind.contains("context_length")) {
            return 400;
        }
        return 500;
    }

    private static String type(JsonNode e) {
        JsonNode code = e.get("code");
        if (code != null && code.isTextual() && !code.asText().isBlank()) {
            return code.asText();
        }
        return text(e.get("type"));
    }

    private static String text(JsonNode n) {
        return n == null || n.isNull() ? "" : n.asText();
    }
}
