package dev.ladder.providers.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ladder.model.ChatResponse;
import dev.ladder.model.ChunkStream;
import dev.ladder.pipeline.Provider;
import dev.ladder.pipeline.UpstreamCall;
import dev.ladder.providers.ErrorBody;
import dev.ladder.providers.HttpUpstream;
import dev.ladder.providers.ProviderConfig;
import dev.ladder.providers.UpstreamFailures;
import dev.ladder.wire.Json;
import dev.ladder.wire.OpenAiJson;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * OpenAI's chat-completions API and every server compatible with it: {@code POST {baseUrl}/chat/completions}
 * with {@code Authorization: Bearer <key>} when a key is configured, plus the configured headers. A host that
 * speaks the same wire under other URLs (Azure OpenAI) passes its {@link OpenAiEndpoint}.
 */
public final class OpenAiProvider implements Provider {

    static final URI DEFAULT_BASE_URL = URI.create("https://api.openai.com/v1");

    private final HttpUpstream upstream;
    private final OpenAiEndpoint endpoint;
    private final UpstreamFailures failures;
    private final Map<String, String> authHeaders;

    public OpenAiProvider(ProviderConfig config) {
        this(config, OpenAiEndpoint.STANDARD, Clock.systemUTC());
    }

    /** A host that speaks OpenAI's wire under its own URLs and auth header (Azure OpenAI). */
    public OpenAiProvider(ProviderConfig config, OpenAiEndpoint endpoint) {
        this(config, endpoint, Clock.systemUTC());
    }

    /** With the clock that dates Retry-After; for tests. */
    OpenAiProvider(ProviderConfig config, Clock clock) {
        this(config, OpenAiEndpoint.STANDARD, clock);
    }

    private OpenAiProvider(ProviderConfig config, OpenAiEndpoint endpoint, Clock clock) {
        this.upstream = new HttpUpstream(config, DEFAULT_BASE_URL, clock);
        this.endpoint = endpoint;
        this.failures = upstream.failures();
        this.authHeaders = config.apiKey().filter(k -> !k.isEmpty()).map(endpoint::authHeaders).orElse(Map.of());
    }

    @Override
    public String name() {
        return upstream.name();
    }

    @Override
    public ChatResponse complete(UpstreamCall call) {
        HttpResponse<byte[]> response = upstream.send(request(call, false), call.timeout());
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
        try {
            return OpenAiJson.parseResponse(root);
        } catch (IllegalArgumentException e) {
            throw failures.malformed("unusable answer: " + e.getMessage());
        }
    }

    @Override
    public ChunkStream stream(UpstreamCall call) {
        HttpResponse<InputStream> response = upstream.open(request(call, true), call.timeout());
        if (response.statusCode() / 100 != 2) {
            throw failures.status(response.statusCode(), response.headers(),
                    OpenAiMapper.error(upstream.errorBody(response)));
        }
        return upstream.events(response, new OpenAiStreamDecoder(failures));
    }

    @Override
    public void close() {
        upstream.close();
    }

    private HttpRequest request(UpstreamCall call, boolean stream) {
        byte[] body = Json.writeBytes(OpenAiMapper.requestBody(call.request(), call.model().upstreamModel(), stream));
        return upstream.post(endpoint.path(call.model().upstreamModel()), call, body, stream, authHeaders);
    }

    @Override
    public String toString() {
        return "OpenAiProvider[" + name() + "]";
    }
}
