package dev.ladder.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ladder.model.ChatRequest;
import dev.ladder.model.LadderException;
import dev.ladder.model.Message;
import dev.ladder.model.Role;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses and validates an OpenAI chat-completions request body. Every rejection is a
 * {@link dev.ladder.model.Failure.BadRequest} naming the offending parameter, with OpenAI's wording where
 * OpenAI has one. Unknown top-level fields are kept and passed through (providers add fields faster than
 * gateways do).
 */
public final class OpenAiRequests {

    /**
     * The largest {@code max_tokens} / {@code max_completion_tokens} accepted: above any model's output limit
     * today, and far below where token arithmetic (cost, budgets) could overflow. A model's own lower limit
     * is the upstream's to enforce.
     */
    public static final long MAX_TOKENS = 1_000_000;
    /** OpenAI's limits for {@code n}, {@code top_logprobs} and the values of {@code logit_bias}. */
    public static final long MAX_N = 128;
    public static final long MAX_TOP_LOGPROBS = 20;
    public static final double MAX_LOGIT_BIAS = 100;

    private OpenAiRequests() {
    }

    public static ChatRequest parse(byte[] body) {
        JsonNode root;
        try {
            root = Json.read(body);
        } catch (IOException e) {
            throw LadderException.badRequest("We could not parse the JSON body of your request. (HINT: This likely "
                    + "means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload.)",
                    null);
        }
        if (root == null || !root.isObject()) {
            throw LadderException.badRequest("The request body must be a JSON object.", null);
        }
        return parse((ObjectNode) root);
    }

    public static ChatRequest parse(ObjectNode root) {
        String model = requiredString(root, "model");
        List<Message> messages = messages(root.get("messages"));
        boolean stream = optionalBoolean(root, "stream");
        boolean includeUsage = false;
        JsonNode so = root.get("stream_options");
        if (so != null && !so.isNull()) {
            if (!so.isObject()) {
                throw invalidType("stream_options", "an object");
            }
            if (!stream) {
                throw LadderException.badRequest(
                        "The 'stream_options' parameter is only allowed when 'stream' is enabled.", "stream_options");
            }
            includeUsage = optionalBoolean((ObjectNode) so, "include_usage", "stream_options.include_usage");
        }
        checkNumber(root, "temperature", 0, 2);
        checkNumber(root, "top_p", 0, 1);
        checkNumber(root, "presence_penalty", -2, 2);
        checkNumber(root, "frequency_penalty", -2, 2);
        checkInteger(root, "max_tokens", 1, MAX_TOKENS);
        checkInteger(root, "max_completion_tokens", 1, MAX_TOKENS);
        checkInteger(root, "n", 1, MAX_N);
        checkInteger(root, "top_logprobs", 0, MAX_TOP_LOGPROBS);
        checkInteger(root, "seed", Long.MIN_VALUE, Long.MAX_VALUE);
        checkLogitBias(root);
        optionalBoolean(root, "logprobs");
        optionalBoolean(root, "parallel_tool_calls");
        checkType(root, "user", JsonNode::isTextual, "a string");
        checkType(root, "stop", n -> n.isTextual() || (n.isArray() && allTextual(n)), "a string or an array of strings");
        checkType(root, "tools", JsonNode::isArray, "an array");
        checkType(root, "tool_choice", n -> n.isTextual() || n.isObject(), "a string or an object");
        checkType(root, "metadata", JsonNode::isObject, "an object");
        JsonNode rf = root.get("response_format");
        if (rf != null && !rf.isNull()) {
            if (!rf.isObject() || !rf.path("type").isTextual()) {
                throw invalidType("response_format", "an object with a string 'type'");
            }
            String type = rf.get("type").asText();
            if (!type.equals("text") && !type.equals("json_object") && !type.equals("json_schema")) {
                throw LadderException.badRequest("Invalid value for 'response_format.type': '" + type
                        + "'. Supported values are: 'text', 'json_object' and 'json_schema'.", "response_format.type");
            }
            if (type.equals("json_schema") && !rf.path("json_schema").isObject()) {
                throw LadderException.badRequest("Missing required parameter: 'response_format.json_schema'.",
                        "response_format.json_schema");
            }
        }
        if (root.path("n").asInt(1) > 1 && stream) {
            // allowed by OpenAI; nothing to check, the chunk indexes carry it
        }
        return new ChatRequest(model, messages, stream, includeUsage, root);
    }

    private static List<Message> messages(JsonNode node) {
        if (node == null || node.isNull()) {
            throw LadderException.badRequest("Missing required parameter: 'messages'.", "messages");
        }
        if (!node.isArray()) {
            throw invalidType("messages", "an array");
        }
        if (node.isEmpty()) {
            throw LadderException.badRequest("Invalid 'messages': empty array. Expected an array with minimum length 1, "
                    + "but got an empty array instead.", "messages");
        }
        List<Message> out = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            out.add(message(node.get(i), "messages[" + i + "]"));
        }
        return out;
    }

    private static Message message(JsonNode m, String path) {
        if (!m.isObject()) {
            throw invalidType(path, "an object");
        }
        JsonNode roleNode = m.get("role");
        if (roleNode == null || !roleNode.isTextual()) {
            throw LadderException.badRequest("Missing required parameter: '" + path + ".role'.", path + ".role");
        }
        Role role = Role.parse(roleNode.asText()).orElseThrow(() -> LadderException.badRequest(
                "Invalid value: '" + roleNode.asText() + "'. Supported values are: 'system', 'developer', 'user', "
                        + "'assistant', 'tool' and 'function'.", path + ".role"));
        JsonNode content = m.get("content");
        String text;
        if (content == null || content.isNull()) {
            boolean mayBeEmpty = role == Role.ASSISTANT && (m.has("tool_calls") || m.has("function_call") || m.has("refusal"));
            if (!mayBeEmpty) {
                throw LadderException.badRequest("Missing required parameter: '" + path + ".content'.", path + ".content");
            }
            text = "";
        } else if (content.isTextual()) {
            text = content.asText();
        } else if (content.isArray()) {
            text = textOfParts(content, path + ".content");
        } else {
            throw invalidType(path + ".content", "a string or an array of content parts");
        }
        if (role == Role.TOOL && !m.path("tool_call_id").isTextual()) {
            throw LadderException.badRequest("Missing required parameter: '" + path + ".tool_call_id'.",
                    path + ".tool_call_id");
        }
        return new Message(role, text, m);
    }

    private static String textOfParts(JsonNode parts, String path) {
        StringBuilder sb = new StringBuilder();
        for (int j = 0; j < parts.size(); j++) {
            JsonNode p = parts.get(j);
            String partPath = path + "[" + j + "]";
            if (!p.isObject() || !p.path("type").isTextual()) {
                throw invalidType(partPath, "an object with a string 'type'");
            }
            String type = p.get("type").asText();
            if (type.equals("text")) {
                if (!p.path("text").isTextual()) {
                    throw invalidType(partPath + ".text", "a string");
                }
                if (!sb.isEmpty()) {
                    sb.append('\n');
                }
                sb.append(p.get("text").asText());
            }
        }
        return sb.toString();
    }

    private static String requiredString(ObjectNode root, String field) {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) {
            throw LadderException.badRequest("Missing required parameter: '" + field + "'.", field);
        }
        if (!n.isTextual()) {
            throw invalidType(field, "a string");
        }
        if (n.asText().isBlank()) {
            throw LadderException.badRequest("Invalid '" + field + "': empty string.", field);
        }
        return n.asText();
    }

    private static boolean optionalBoolean(ObjectNode root, String field) {
        return optionalBoolean(root, field, field);
    }

    private static boolean optionalBoolean(ObjectNode root, String field, String path) {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) {
            return false;
        }
        if (!n.isBoolean()) {
            throw invalidType(path, "a boolean");
        }
        return n.asBoolean();
    }

    private static void checkNumber(ObjectNode root, String field, double min, double max) {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) {
            return;
        }
        if (!n.isNumber()) {
            throw invalidType(field, "a number");
        }
        double v = n.asDouble();
        if (v < min || v > max) {
            throw LadderException.badRequest("Invalid '" + field + "': " + n + " is out of range; expected a value "
                    + "between " + fmt(min) + " and " + fmt(max) + ".", field);
        }
    }

    /** An optional whole number in {@code min..max}; one too large for a long is out of range, never wrapped. */
    private static void checkInteger(ObjectNode root, String field, long min, long max) {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) {
            return;
        }
        if (!n.isIntegralNumber()) {
            throw invalidType(field, "an integer");
        }
        boolean fits = n.canConvertToLong();
        if (fits && n.asLong() < min || !fits && n.bigIntegerValue().signum() < 0) {
            throw LadderException.badRequest("Invalid '" + field + "': " + n + " is less than the minimum of " + min
                    + ".", field);
        }
        if (!fits || n.asLong() > max) {
            throw LadderException.badRequest("Invalid '" + field + "': " + n + " is greater than the maximum of " + max
                    + ".", field);
        }
    }

    /** {@code logit_bias}: token ids mapped to a bias in -100..100. */
    private static void checkLogitBias(ObjectNode root) {
        checkType(root, "logit_bias", JsonNode::isObject, "an object");
        JsonNode bias = root.get("logit_bias");
        if (bias == null || bias.isNull()) {
            return;
        }
        for (var e : bias.properties()) {
            JsonNode v = e.getValue();
            if (!v.isNumber() || !(Math.abs(v.asDouble()) <= MAX_LOGIT_BIAS)) {
                throw LadderException.badRequest("Invalid 'logit_bias': the bias of token '" + e.getKey() + "' must be "
                        + "a number between -" + fmt(MAX_LOGIT_BIAS) + " and " + fmt(MAX_LOGIT_BIAS) + ".",
                        "logit_bias");
            }
        }
    }

    private static void checkType(ObjectNode root, String field, java.util.function.Predicate<JsonNode> ok,
            String expected) {
        JsonNode n = root.get(field);
        if (n != null && !n.isNull() && !ok.test(n)) {
            throw invalidType(field, expected);
        }
    }

    private static boolean allTextual(JsonNode array) {
        for (JsonNode e : array) {
            if (!e.isTextual()) {
                return false;
            }
        }
        return true;
    }

    private static LadderException invalidType(String param, String expected) {
        return LadderException.badRequest("Invalid type for '" + param + "': expected " + expected + ".", param);
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
