package dev.ladder.providers.gemini;

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
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * Google Gemini's native API: {@code POST {baseUrl}/models/{model}:generateContent}, or
 * {@code :streamGenerateContent?alt=sse} to stream, with the key in {@code x-goog-api-key} (never in the URL,
 * where it would reach logs). {@link GeminiMapper} translates both ways; {@link GeminiStreamDecoder} turns
 * the event stream into OpenAI chunks. The default base URL is {@value #DEFAULT_BASE}.
 */
public final class GeminiProvider implements Provider {

    static final String DEFAULT_BASE = "https://generativelanguage.googleapis.com/v1beta";

    private final HttpUpstream upstream;
    private final UpstreamFailures failures;
    private final Map<String, String> headers;
    private final Clock clock;

    public GeminiProvider(ProviderConfig config) {
        this(config, Clock.systemUTC());
    }

    /** With the clock that dates answers ({@code created}) and Retry-After; for tests. */
    GeminiProvider(ProviderConfig config, Clock clock) {
        this.upstream = new HttpUpstream(config, URI.create(DEFAULT_BASE), clock);
        this.failures = upstream.failures();
        this.clock = clock;
        this.headers = config.apiKey().filter(k -> !k.isEmpty()).map(k -> Map.of("x-goog-api-key", k.reveal()))
                .orElse(Map.of());
    }

    @Override
    public String name() {
        return upstream.name();
    }

    @Override
    public ChatResponse complete(UpstreamCall call) {
        HttpResponse<byte[]> response = upstream.send(request(call, false), call.timeout());
        if (response.statusCode() / 100 != 2) {
            ErrorBody error = GeminiMapper.error(response.body());
            throw failures.status(GeminiMapper.status(response.statusCode(), error), response.headers(), error);
        }
        JsonNode root;
        try {
            root = Json.read(response.body());
        } catch (IOException e) {
            throw failures.malformed("answer is not JSON");
        }
        Optional<ErrorBody> error = GeminiMapper.error(root);
        if (error.isPresent()) {
            throw failures.status(GeminiMapper.impliedStatus(root), error.get());
        }
        try {
            return GeminiMapper.toResponse(root, call.model().upstreamModel(), clock.instant().getEpochSecond());
        } catch (IllegalArgumentException e) {
            throw failures.malformed("unusable answer: " + e.getMessage());
        }
    }

    @Override
    public ChunkStream stream(UpstreamCall call) {
        HttpResponse<InputStream> response = upstream.open(request(call, true), call.timeout());
        if (response.statusCode() / 100 != 2) {
            ErrorBody error = GeminiMapper.error(upstream.errorBody(response));
            throw failures.status(GeminiMapper.status(response.statusCode(), error), response.headers(), error);
        }
        return upstream.events(response, new GeminiStreamDecoder(failures, call.model().upstreamModel(),
                clock.instant().getEpochSecond()));
    }

    @Override
    public void close() {
        upstream.close();
    }

    private HttpRequest request(UpstreamCall call, boolean stream) {
        String id = call.model().upstreamModel();
        String model = URLEncoder.encode(id.startsWith("models/") ? id.substring("models/".length()) : id,
                StandardCharsets.UTF_8);
        String path = "/models/" + model + (stream ? ":streamGenerateContent?alt=sse" : ":generateContent");
        return upstream.post(path, call, Json.writeBytes(GeminiMapper.toRequest(call.request())), stream, headers);
    }

    @Override
    public String toString() {
        return "GeminiProvider[" + name() + "]";
    }
}
