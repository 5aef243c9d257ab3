package dev.ladder.providers.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ladder.model.EmbeddingRequest;
import dev.ladder.model.Embeddings;
import dev.ladder.pipeline.EmbeddingProvider;
import dev.ladder.providers.ErrorBody;
import dev.ladder.providers.HttpUpstream;
import dev.ladder.providers.ProviderConfig;
import dev.ladder.providers.UpstreamFailures;
import dev.ladder.wire.Json;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * OpenAI's embeddings API ({@code POST {baseUrl}/embeddings}) and every server compatible with it, or Azure's
 * per-deployment form through an {@link OpenAiEndpoint}. Vectors are always asked for as floats: the cache
 * keeps floats, and the front door encodes them as the client asked.
 */
public final class OpenAiEmbeddingProvider implements EmbeddingProvider {

    private final HttpUpstream upstream;
    private final UpstreamFailures failures;
    private final OpenAiEndpoint endpoint;
    private final Map<String, String> authHeaders;

    public OpenAiEmbeddingProvider(ProviderConfig config) {
        this(config, OpenAiEndpoint.STANDARD);
    }

    public OpenAiEmbeddingProvider(ProviderConfig config, OpenAiEndpoint endpoint) {
        this.upstream = new HttpUpstream(config, OpenAiProvider.DEFAULT_BASE_URL, Clock.systemUTC());
        this.failures = upstream.failures();
        this.endpoint = endpoint;
        this.authHeaders = config.apiKey().filter(k -> !k.isEmpty()).map(endpoint::authHeaders).orElse(Map.of());
    }

    @Override
    public Embeddings embed(EmbeddingRequest request, String upstreamModel, String requestId, Duration timeout) {
        ObjectNode body = Json.object();
        body.put("model", upstreamModel);
        ArrayNode input = body.putArray("input");
        request.inputs().forEach(input::add);
        body.put("encoding_format", "float");
        request.dimensions().ifPresent(d -> body.put("dimensions", d));
        request.user().ifPresent(u -> body.put("user", u));
        HttpResponse<byte[]> response = upstream.send(upstream.post(endpoint.embeddingsPath(upstreamModel), requestId,
                Json.writeBytes(body), false, authHeaders), timeout);
        if (response.statusCode() / 100 != 2) {
            throw failures.status(response.statusCode(), response.headers(), OpenAiMapper.error(response.body()));
        }
        JsonNode root;
        try {
            root = Json.read(response.body());
        } catch (IOException e) {
            throw failures.malformed("answer is not JSON");
        }
        Optional<ErrorBody> error = OpenAiMapper.error(root);
        if (error.isPresent()) {
            throw failures.status(OpenAiMapper.impliedStatus(root), error.get());
        }
        return parse(root, request.inputs().size());
    }

    /** The vectors in input order (by each item's {@code index}), and the usage's prompt tokens. */
    private Embeddings parse(JsonNode root, int expected) {
        JsonNode data = root.path("data");
        if (!data.isArray() || data.size() != expected) {
            throw failures.malformed("expected " + expected + " embeddings, got " + (data.isArray() ? data.size() : "none"));
        }
        float[][] vectors = new float[expected][];
        for (JsonNode item : data) {
            int index = item.path("index").asInt(-1);
            JsonNode values = item.path("embedding");
            if (index < 0 || index >= expected || vectors[index] != null || !values.isArray()) {
                throw failures.malformed("embedding item with a bad or repeated index, or no float array");
            }
            float[] v = new float[values.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) values.get(i).asDouble();
            }
            vectors[index] = v;
        }
        return new Embeddings(new ArrayList<>(List.of(vectors)), root.path("usage").path("prompt_tokens").asInt(0));
    }

    @Override
    public void close() {
        upstream.close();
    }

    @Override
    public String toString() {
        return "OpenAiEmbeddingProvider[" + upstream.name() + "]";
    }
}
