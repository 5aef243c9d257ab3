package dev.ladder.providers.azure;

import static java.util.Objects.requireNonNull;

import dev.ladder.pipeline.EmbeddingProvider;
import dev.ladder.pipeline.Provider;
import dev.ladder.providers.ProviderConfig;
import dev.ladder.providers.Secret;
import dev.ladder.providers.openai.OpenAiEmbeddingProvider;
import dev.ladder.providers.openai.OpenAiEndpoint;
import dev.ladder.providers.openai.OpenAiProvider;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * Azure OpenAI: OpenAI's chat-completions wire (bodies, answers, streams, errors, tools and usage are the
 * same, so the OpenAI adapter does the work) under per-deployment URLs,
 * {@code {resource}/openai/deployments/{deployment}/chat/completions?api-version=...}, with the key in an
 * {@code api-key} header. The deployment is the model's upstream {@code model}; the API version comes from
 * the configured base URL's {@code ?api-version=} (as Azure's portal shows it), else
 * {@value #DEFAULT_API_VERSION}. A base URL may end in {@code /openai} or not.
 */
public final class AzureOpenAi {

    /** The latest generally available data-plane version when this adapter was written. */
    public static final String DEFAULT_API_VERSION = "2024-10-21";
    private static final String API_VERSION_PARAM = "api-version";

    private AzureOpenAi() {
    }

    public static Provider create(ProviderConfig config) {
        return new OpenAiProvider(atResource(config), deployments(config));
    }

    /** The embeddings API of the resource: {@code /openai/deployments/{deployment}/embeddings}. */
    public static EmbeddingProvider embeddings(ProviderConfig config) {
        return new OpenAiEmbeddingProvider(atResource(config), deployments(config));
    }

    private static Deployments deployments(ProviderConfig config) {
        return new Deployments(apiVersion(configured(config)).orElse(DEFAULT_API_VERSION));
    }

    private static ProviderConfig atResource(ProviderConfig config) {
        return new ProviderConfig(config.name(), config.kind(), Optional.of(resourceRoot(configured(config))),
                config.apiKey(), config.connectTimeout(), config.requestTimeout(), config.streamIdleTimeout(),
                config.headers(), config.simulated());
    }

    private static URI configured(ProviderConfig config) {
        requireNonNull(config, "config is null");
        return config.baseUrl().orElseThrow(
                () -> new IllegalArgumentException("providers." + config.name() + ".base_url: required for azure"));
    }

    /** The {@code api-version} a base URL's query names, if any. */
    public static Optional<String> apiVersion(URI baseUrl) {
        String query = baseUrl.getRawQuery();
        if (query == null) {
            return Optional.empty();
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(API_VERSION_PARAM) && eq < pair.length() - 1) {
                return Optional.of(URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return Optional.empty();
    }

    /** The base URL without its query and without a trailing {@code /openai}, which the paths add. */
    static URI resourceRoot(URI baseUrl) {
        String path = baseUrl.getRawPath() == null ? "" : baseUrl.getRawPath().replaceAll("/+$", "");
        if (path.endsWith("/openai")) {
            path = path.substring(0, path.length() - "/openai".length());
        }
        return URI.create(baseUrl.getScheme() + "://" + baseUrl.getRawAuthority() + path);
    }

    /** Azure's URL scheme and auth header. */
    record Deployments(String apiVersion) implements OpenAiEndpoint {

        @Override
        public String path(String deployment) {
            return at(deployment, "chat/completions");
        }

        @Override
        public String embeddingsPath(String deployment) {
            return at(deployment, "embeddings");
        }

        private String at(String deployment, String operation) {
            return "/openai/deployments/" + URLEncoder.encode(deployment, StandardCharsets.UTF_8).replace("+", "%20")
                    + "/" + operation + "?" + API_VERSION_PARAM + "=" + URLEncoder.encode(apiVersion, StandardCharsets.UTF_8);
        }

        @Override
        public Map<String, String> authHeaders(Secret apiKey) {
            return Map.of("api-key", apiKey.reveal());
        }
    }
}
