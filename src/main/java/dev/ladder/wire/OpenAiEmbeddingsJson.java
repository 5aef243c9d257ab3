package dev.ladder.wire;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ladder.model.EmbeddingRequest;
import dev.ladder.model.Embeddings;
import dev.ladder.model.LadderException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * OpenAI's embeddings wire: the request ({@code model}, {@code input} as a string or an array of strings,
 * {@code encoding_format} {@code float} or {@code base64}, {@code dimensions}, {@code user}) and the list
 * answer. {@code base64} is OpenAI's: each vector's float32 values, little-endian, base64-encoded (the Node
 * SDK asks for it by default). Token-array inputs are refused: deployments are routed and cached by text.
 */
public final class OpenAiEmbeddingsJson {

    /** OpenAI's limit on the number of inputs in one request. */
    public static final int MAX_INPUTS = 2048;

    /** A parsed request and whether the client wants base64 vectors. */
    public record Parsed(EmbeddingRequest request, boolean base64) {
        public Parsed {
            requireNonNull(request, "request is null");
        }
    }

    private OpenAiEmbeddingsJson() {
    }

    public static Parsed parse(byte[] body) {
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
        JsonNode model = root.get("model");
        if (model == null || !model.isTextual() || model.asText().isBlank()) {
            throw LadderException.badRequest("you must provide a model parameter", "model");
        }
        List<String> inputs = inputs(root.get("input"));
        String format = root.path("encoding_format").asText("float");
        if (!format.equals("float") && !format.equals("base64")) {
            throw LadderException.badRequest("Invalid value for 'encoding_format': '" + format
                    + "'. Supported values are: 'float' and 'base64'.", "encoding_format");
        }
        Optional<Integer> dimensions = Optional.empty();
        JsonNode d = root.get("dimensions");
        if (d != null && !d.isNull()) {
            if (!d.canConvertToInt() || !d.isIntegralNumber() || d.asInt() < 1) {
                throw LadderException.badRequest("Invalid 'dimensions': expected an integer >= 1.", "dimensions");
            }
            dimensions = Optional.of(d.asInt());
        }
        Optional<String> user = root.path("user").isTextual() ? Optional.of(root.get("user").asText()) : Optional.empty();
        return new Parsed(new EmbeddingRequest(model.asText(), inputs, dimensions, user), format.equals("base64"));
    }

    private static List<String> inputs(JsonNode input) {
        if (input == null || input.isNull()) {
            throw LadderException.badRequest("Missing required parameter: 'input'.", "input");
        }
        if (input.isTextual()) {
            return List.of(nonEmpty(input.asText(), "input"));
        }
        if (!input.isArray() || input.isEmpty()) {
            throw LadderException.badRequest("'input' must be a non-empty string or a non-empty array of strings.",
                    "input");
        }
        if (input.size() > MAX_INPUTS) {
            throw LadderException.badRequest("'input' holds " + input.size() + " items; at most " + MAX_INPUTS
                    + " are allowed per request.", "input");
        }
        List<String> out = new ArrayList<>(input.size());
        for (int i = 0; i < input.size(); i++) {
            JsonNode item = input.get(i);
            if (!item.isTextual()) {
                throw LadderException.badRequest("'input[" + i + "]' must be a string; token arrays are not accepted "
                        + "by this gateway (send the text).", "input");
            }
            out.add(nonEmpty(item.asText(), "input[" + i + "]"));
        }
        return out;
    }

    private static String nonEmpty(String s, String where) {
        if (s.isEmpty()) {
            throw LadderException.badRequest("'" + where + "' cannot be an empty string.", "input");
        }
        return s;
    }

    /** The list answer naming {@code model} (the name the client asked for), vectors as floats or base64. */
    public static ObjectNode toJson(Embeddings embeddings, String model, boolean base64) {
        ObjectNode root = Json.object();
        root.put("object", "list");
        ArrayNode data = root.putArray("data");
        for (int i = 0; i < embeddings.vectors().size(); i++) {
            float[] v = embeddings.vectors().get(i);
            ObjectNode item = data.addObject();
            item.put("object", "embedding");
            item.put("index", i);
            if (base64) {
                item.put("embedding", base64(v));
            } else {
                ArrayNode values = item.putArray("embedding");
                for (float f : v) {
                    values.add(f);
                }
            }
        }
        root.put("model", model);
        ObjectNode usage = root.putObject("usage");
        usage.put("prompt_tokens", embeddings.promptTokens());
        usage.put("total_tokens", embeddings.promptTokens());
        return root;
    }

    static String base64(float[] v) {
        ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : v) {
            b.putFloat(f);
        }
        return Base64.getEncoder().encodeToString(b.array());
    }
}
