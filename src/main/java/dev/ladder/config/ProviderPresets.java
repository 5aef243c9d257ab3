package dev.ladder.config;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Defaults for well-known OpenAI-compatible hosts, chosen with {@code preset:} on an {@code openai} provider.
 * A preset only fills in what the entry leaves out: the base URL, and the API key from the host's usual
 * environment variable. Everything else (and anything written in the entry) is the plain OpenAI adapter.
 */
final class ProviderPresets {

    /**
     * One host. {@code keyRequired} is false for servers that usually run locally without a key (vLLM,
     * Ollama): their variable is read when set, and no key is sent otherwise.
     */
    record Preset(String name, URI baseUrl, String keyEnv, boolean keyRequired) {
        Preset {
            requireNonNull(name, "name is null");
            requireNonNull(baseUrl, "baseUrl is null");
            requireNonNull(keyEnv, "keyEnv is null");
        }
    }

    static final List<Preset> ALL = List.of(
            new Preset("vllm", URI.create("http://localhost:8000/v1"), "VLLM_API_KEY", false),
            new Preset("ollama", URI.create("http://localhost:11434/v1"), "OLLAMA_API_KEY", false),
            new Preset("groq", URI.create("https://api.groq.com/openai/v1"), "GROQ_API_KEY", true),
            new Preset("together", URI.create("https://api.together.xyz/v1"), "TOGETHER_API_KEY", true),
            new Preset("openrouter", URI.create("https://openrouter.ai/api/v1"), "OPENROUTER_API_KEY", true),
            new Preset("deepseek", URI.create("https://api.deepseek.com/v1"), "DEEPSEEK_API_KEY", true),
            new Preset("mistral", URI.create("https://api.mistral.ai/v1"), "MISTRAL_API_KEY", true));

    private static final Map<String, Preset> BY_NAME = byName();

    private ProviderPresets() {
    }

    static List<String> names() {
        return List.copyOf(BY_NAME.keySet());
    }

    static Optional<Preset> find(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    private static Map<String, Preset> byName() {
        Map<String, Preset> m = new LinkedHashMap<>();
        ALL.forEach(p -> m.put(p.name(), p));
        return m;
    }
}
