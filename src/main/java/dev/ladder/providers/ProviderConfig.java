package dev.ladder.providers;

import static java.util.Objects.requireNonNull;

import dev.ladder.providers.simulated.SimulatedModelConfig;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One upstream provider. {@code baseUrl} is the API root (for OpenAI {@code https://api.openai.com/v1}, for
 * Anthropic {@code https://api.anthropic.com}); {@code simulated} holds the per-model behaviour of a
 * {@code simulated} provider, keyed by upstream model id.
 */
public record ProviderConfig(String name, ProviderKind kind, Optional<URI> baseUrl, Optional<Secret> apiKey,
        Duration connectTimeout, Duration requestTimeout, Duration streamIdleTimeout, Map<String, String> headers,
        Map<String, SimulatedModelConfig> simulated) {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(120);
    public static final Duration DEFAULT_STREAM_IDLE_TIMEOUT = Duration.ofSeconds(30);

    public ProviderConfig {
        requireNonNull(name, "name is null");
        requireNonNull(kind, "kind is null");
        requireNonNull(baseUrl, "baseUrl is null");
        requireNonNull(apiKey, "apiKey is null");
        requireNonNull(connectTimeout, "connectTimeout is null");
        requireNonNull(requestTimeout, "requestTimeout is null");
        requireNonNull(streamIdleTimeout, "streamIdleTimeout is null");
        headers = Map.copyOf(headers);
        simulated = Map.copyOf(simulated);
    }

    /** As the generated form, but with header values masked: like the API key, they often carry credentials. */
    @Override
    public String toString() {
        Map<String, String> maskedHeaders = new TreeMap<>();
        headers.keySet().forEach(h -> maskedHeaders.put(h, "****"));
        return "ProviderConfig[name=" + name + ", kind=" + kind + ", baseUrl=" + baseUrl + ", apiKey=" + apiKey
                + ", connectTimeout=" + connectTimeout + ", requestTimeout=" + requestTimeout
                + ", streamIdleTimeout=" + streamIdleTimeout + ", headers=" + maskedHeaders + ", simulated="
                + simulated + "]";
    }
}
