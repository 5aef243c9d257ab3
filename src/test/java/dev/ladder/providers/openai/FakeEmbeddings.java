package dev.ladder.providers.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ladder.providers.FakeUpstream;
import dev.ladder.providers.RecordedRequest;
import dev.ladder.wire.Json;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * A fake OpenAI embeddings API ({@code POST /v1/embeddings}), scripted by model name, and the script a fake of
 * another host (Azure) reuses. A model answers each input with a vector of the given size computed from the
 * text ({@link #vector}), so a test can check which vector belongs to which input; usage counts one token per
 * word. Items are sent in reverse order, with their {@code index}, as OpenAI allows. Unknown models get 404.
 */
public final class FakeEmbeddings extends FakeUpstream {

    private FakeEmbeddings() {
        super("/v1/embeddings", (request, out) -> out.json(404, FakeOpenAiServer.error("invalid_request_error",
                "model_not_found", "The model `" + request.model() + "` does not exist or you do not have access to it.")));
    }

    public static FakeEmbeddings start() {
        return new FakeEmbeddings();
    }

    /** {@code http://127.0.0.1:<port>/v1}. */
    public URI baseUrl() {
        return URI.create(origin() + "/v1");
    }

    /** {@code model} answers vectors of {@code dimensions} values (or the request's {@code dimensions}). */
    public FakeEmbeddings model(String model, int dimensions) {
        script(model, script(dimensions));
        return this;
    }

    public static FakeUpstream.Script script(int dimensions) {
        return (request, out) -> out.json(200, Json.write(answer(request, dimensions)));
    }

    private static ObjectNode answer(RecordedRequest request, int defaultDimensions) {
        JsonNode body = request.json();
        int dims = body.path("dimensions").asInt(defaultDimensions);
        ObjectNode root = Json.object();
        root.put("object", "list");
        ArrayNode data = root.putArray("data");
        JsonNode input = body.path("input");
        int tokens = 0;
        for (int i = input.size() - 1; i >= 0; i--) {
            String text = input.get(i).asText();
            tokens += text.split("\\s+").length;
            ObjectNode item = data.addObject();
            item.put("object", "embedding");
            item.put("index", i);
            ArrayNode values = item.putArray("embedding");
            for (float f : vector(text, dims)) {
                values.add(f);
            }
        }
        root.put("model", request.model());
        root.putObject("usage").put("prompt_tokens", tokens).put("total_tokens", tokens);
        return root;
    }

    /** The vector a fake model gives {@code text}: value {@code j} is {@code (byte j of the text mod 7) / 8 + j / 1000}. */
    public static float[] vector(String text, int dimensions) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        float[] v = new float[dimensions];
        for (int j = 0; j < dimensions; j++) {
            v[j] = (bytes[j % bytes.length] % 7) / 8f + j / 1000f;
        }
        return v;
    }
}
