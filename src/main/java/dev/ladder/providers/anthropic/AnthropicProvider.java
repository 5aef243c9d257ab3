package dev.ladder.providers.anthropic;

import dev.ladder.model.ChatResponse;
import dev.ladder.model.ChunkStream;
import dev.ladder.pipeline.Provider;
import dev.ladder.pipeline.UpstreamCall;
import dev.ladder.providers.HttpUpstream;
import dev.ladder.providers.ProviderConfig;
import dev.ladder.providers.UpstreamFailures;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/**
 * Anthropic's Messages API: {@code POST {baseUrl}/v1/messages} with {@code x-api-key},
 * {@code anthropic-version: 2023-06-01} and the configured headers (which may override the version or add
 * {@code anthropic-beta}). {@link AnthropicMapper} translates both ways; {@link AnthropicStreamDecoder} turns
 * the event stream into OpenAI chunks.
 */
public final class AnthropicProvider implements Provider {

    static final URI DEFAULT_BASE_URL = URI.create("https://api.anthropic.com");
    static final String API_VERSION = "2023-06-01";
    private static final String PATH = "/v1/messages";

    private final HttpUpstream upstream;
    private final UpstreamFailures failures;
    private final Map<String, String> headers;
    private final Clock clock;

    public AnthropicProvider(ProviderConfig config) {
        this(config, Clock.systemUTC());
    }

    /** With the clock that dates answers ({@code created}) and Retry-After; for tests. */
    AnthropicProvider(ProviderConfig config, Clock clock) {
        this.upstream = new HttpUpstream(config, DEFAULT_BASE_URL, clock);
        this.failures = upstream.failures();
        this.clock = clock;
        Map<String, String> h = new HashMap<>();
        h.put("anthropic-version", API_VERSION);
        config.apiKey().filter(k -> !k.isEmpty()).ifPresent(k -> h.put("x-api-key", k.reveal()));
        this.headers = Map.copyOf(h);
    }

    @Override
    public String name() {
        return upstream.name();
    }

    @Override
    public ChatResponse complete(UpstreamCall call) {
        HttpResponse<byte[]> response = upstream.send(request(call, false), call.timeout());
        if (response.statusCode() / 100 != 2) {
            throw failures.status(response.statusCode(), response.headers(), AnthropicMapper.error(response.body()));
        }
        AnthropicWire.Message message;
        try {
            message = AnthropicWire.READER.readValue(response.body(), AnthropicWire.Message.class);
        } catch (IOException e) {
            throw failures.malformed("answer is not a Messages API message");
        }
        try {
            return AnthropicMapper.toResponse(message, clock.instant().getEpochSecond());
        } catch (IllegalArgumentException e) {
            throw failures.malformed("unusable answer: " + e.getMessage());
        }
    }

    @Override
    public ChunkStream stream(UpstreamCall call) {
        HttpResponse<InputStream> response = upstream.open(request(call, true), call.timeout());
        if (response.statusCode() / 100 != 2) {
            throw failures.status(response.statusCode(), response.headers(),
                    AnthropicMapper.error(upstream.errorBody(response)));
        }
        return upstream.events(response, new AnthropicStreamDecoder(failures, clock.instant().getEpochSecond()));
    }

    @Override
    public void close() {
        upstream.close();
    }

    private HttpRequest request(UpstreamCall call, boolean stream) {
        AnthropicWire.Request body = AnthropicMapper.toRequest(call.request(), call.model().upstreamModel(), stream);
        return upstream.post(PATH, call, AnthropicWire.write(body), stream, headers);
    }

    @Override
    public String toString() {
        return "AnthropicProvider[" + name() + "]";
    }
}
