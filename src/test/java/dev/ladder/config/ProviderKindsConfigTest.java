package dev.ladder.config;

import static dev.ladder.config.ConfigFixtures.errors;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ladder.providers.ProviderConfig;
import dev.ladder.providers.ProviderKind;
import dev.ladder.providers.Secret;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Azure, Gemini and the OpenAI-compatible presets, as read from YAML: defaults, mapping and rejections. */
class ProviderKindsConfigTest {

    private static final String TEMPLATE = """
            providers:
              up:
            %s
            models:
              m: {provider: up, model: some-model, price: {input: 1, output: 2}}
            tiers: {simple: [m], medium: [m], complex: [m]}
            """;

    @TempDir
    Path dir;

    private ProviderConfig provider(String entry, Map<String, String> env) {
        return ConfigLoader.parse(TEMPLATE.formatted(entry.indent(4).stripTrailing()), dir, env).providers().get("up");
    }

    private java.util.List<String> problems(String entry, Map<String, String> env) {
        return errors(TEMPLATE.formatted(entry.indent(4).stripTrailing()), dir, env);
    }

    /** Issue 15: an Azure OpenAI base_url with ?api-version was rejected. */
    @Test
    void anAzureBaseUrlKeepsItsApiVersionQuery() {
        ProviderConfig p = provider("""
                kind: azure
                base_url: https://ladder-eu.openai.azure.com/?api-version=2024-10-21
                api_key: az-key""", Map.of());

        assertThat(p.kind()).isEqualTo(ProviderKind.AZURE);
        assertThat(p.baseUrl()).contains(URI.create("https://ladder-eu.openai.azure.com?api-version=2024-10-21"));
        assertThat(p.apiKey()).contains(new Secret("az-key"));
    }

    @Test
    void anAzureBaseUrlWithAnotherQueryIsStillRejected() {
        assertThat(problems("""
                kind: azure
                base_url: https://ladder-eu.openai.azure.com/?api-version=2024-10-21&key=abc
                api_key: az-key""", Map.of())).containsExactly("providers.up.base_url: must not have a query or "
                        + "fragment other than ?api-version=...; put credentials in api_key or headers");
    }

    @Test
    void anOpenAiBaseUrlMayStillNotHaveAQuery() {
        assertThat(problems("""
                kind: openai
                base_url: https://ladder-eu.openai.azure.com/?api-version=2024-10-21""", Map.of()))
                .containsExactly("providers.up.base_url: must not have a query or fragment; put credentials in api_key "
                        + "or headers");
    }

    @Test
    void azureNeedsABaseUrlAndAKey() {
        assertThat(problems("kind: azure", Map.of()))
                .containsExactly("providers.up.base_url: is required", "providers.up.api_key: is required");
    }

    @Test
    void geminiNeedsAKeyButNoBaseUrl() {
        ProviderConfig p = provider("kind: gemini\napi_key: ${GEMINI_API_KEY}", Map.of("GEMINI_API_KEY", "g-key"));

        assertThat(p.kind()).isEqualTo(ProviderKind.GEMINI);
        assertThat(p.baseUrl()).isEmpty();
        assertThat(problems("kind: gemini", Map.of())).containsExactly("providers.up.api_key: is required");
    }

    @Test
    void theApiKeyHeaderOfEachKindCannotAlsoBeConfigured() {
        assertThat(problems("kind: gemini\napi_key: k\nheaders: {x-goog-api-key: k2}", Map.of())).containsExactly(
                "providers.up.headers.x-goog-api-key: conflicts with api_key, which sets this header; configure only "
                        + "one of them");
        assertThat(problems("kind: azure\nbase_url: https://x.openai.azure.com\napi_key: k\nheaders: {Api-Key: k2}",
                Map.of())).containsExactly("providers.up.headers.Api-Key: conflicts with api_key, which sets this "
                        + "header; configure only one of them");
    }

    @Test
    void aPresetSetsTheBaseUrlAndTakesTheKeyFromTheHostsVariable() {
        ProviderConfig p = provider("preset: groq", Map.of("GROQ_API_KEY", "gsk-123"));

        assertThat(p.kind()).isEqualTo(ProviderKind.OPENAI);
        assertThat(p.baseUrl()).contains(URI.create("https://api.groq.com/openai/v1"));
        assertThat(p.apiKey()).contains(new Secret("gsk-123"));
    }

    @Test
    void everyPresetHasItsHostsDefaults() {
        Map<String, String> env = Map.of("VLLM_API_KEY", "", "GROQ_API_KEY", "k", "TOGETHER_API_KEY", "k",
                "OPENROUTER_API_KEY", "k", "DEEPSEEK_API_KEY", "k", "MISTRAL_API_KEY", "k");
        Map<String, String> expected = Map.of("vllm", "http://localhost:8000/v1", "ollama", "http://localhost:11434/v1",
                "groq", "https://api.groq.com/openai/v1", "together", "https://api.together.xyz/v1",
                "openrouter", "https://openrouter.ai/api/v1", "deepseek", "https://api.deepseek.com/v1",
                "mistral", "https://api.mistral.ai/v1");

        expected.forEach((preset, url) -> assertThat(provider("kind: openai\npreset: " + preset, env).baseUrl())
                .as(preset).contains(URI.create(url)));
        assertThat(ProviderPresets.names()).containsExactlyInAnyOrderElementsOf(expected.keySet());
    }

    @Test
    void whatTheEntrySaysWinsOverThePreset() {
        ProviderConfig p = provider("""
                preset: vllm
                base_url: http://gpu-box:9000/v1
                api_key: local-key""", Map.of());

        assertThat(p.baseUrl()).contains(URI.create("http://gpu-box:9000/v1"));
        assertThat(p.apiKey()).contains(new Secret("local-key"));
    }

    @Test
    void aLocalPresetNeedsNoKey() {
        assertThat(provider("preset: ollama", Map.of()).apiKey()).isEqualTo(Optional.empty());
    }

    @Test
    void aHostedPresetWithoutItsVariableSaysWhichVariableToSet() {
        assertThat(problems("preset: mistral", Map.of())).containsExactly(
                "providers.up.api_key: is required; preset mistral reads it from environment variable MISTRAL_API_KEY,"
                        + " which is not set");
    }

    @Test
    void anUnknownPresetOrAPresetOnAnotherKindIsRejected() {
        assertThat(problems("preset: grok", Map.of())).containsExactly(
                "providers.up.preset: unknown preset 'grok'; did you mean 'groq'?");
        assertThat(problems("kind: anthropic\npreset: groq\napi_key: k\nbase_url: https://api.anthropic.com",
                Map.of("GROQ_API_KEY", "k"))).containsExactly("providers.up.preset: presets are for openai providers "
                        + "(OpenAI-compatible hosts), not for an anthropic provider");
    }
}
