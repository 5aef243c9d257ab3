package dev.ladder.config;

import static dev.ladder.config.ConfigFixtures.errors;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.ladder.providers.Secret;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** API keys and header values must never reach an error message or a toString, wherever they end up. */
class ConfigSecretsTest {

    private static final String API_KEY = "sk-live-4f8a1c9e2b7d";
    private static final String HEADER_SECRET = "tok_9c2e71ab55d0";

    @TempDir
    Path dir;

    @Test
    void anApiKeyNeverAppearsInErrorsEvenWhenPastedIntoTheWrongPlaces() {
        String yaml = """
                server: {port: '%1$s'}
                providers:
                  openai:
                    kind: openai
                    base_url: not a url
                    api_key: ${OPENAI_API_KEY}
                    connect_timeout: '%1$s'
                models:
                  fast: {provider: '%1$s', price: {input: 1, output: 1}, capabilities: ['%1$s']}
                tiers: {simple: [fast], medium: [fast], complex: ['%1$s']}
                """.formatted(API_KEY);

        List<String> errors = errors(yaml, dir, Map.of("OPENAI_API_KEY", API_KEY));

        assertThat(errors).hasSize(6).allSatisfy(e -> assertThat(e).doesNotContain(API_KEY));
        assertThat(errors).contains("server.port: expected an integer, got '" + Problems.MASK + "'",
                "models.fast.provider: unknown provider '" + Problems.MASK + "'; expected one of openai");
    }

    @Test
    void headerValuesNeverAppearInErrors() {
        String yaml = """
                providers:
                  openai:
                    kind: openai
                    base_url: https://api.openai.com/v1
                    headers:
                      Host: %1$s
                      "X Token": Bearer %1$s
                      X-Nested: {a: %1$s}
                models:
                  fast: {provider: openai, price: {input: 1, output: 1}}
                tiers: {simple: [fast], medium: [fast], complex: [fast]}
                routing: {alias: '%1$s', escalate_on_failure: '%1$s'}
                """.formatted(HEADER_SECRET);

        List<String> errors = errors(yaml, dir);

        assertThat(errors).containsExactly(
                "providers.openai.headers.Host: is set by the HTTP client and cannot be configured",
                "providers.openai.headers[\"X Token\"]: not a valid HTTP header name",
                "providers.openai.headers.X-Nested: expected a string, got a mapping",
                "routing.escalate_on_failure: expected true or false, got '" + Problems.MASK + "'");
    }

    @Test
    void aSecretOnALineWithASyntaxErrorIsNotQuoted() {
        String yaml = "providers:\n  openai:\n    api_key: " + API_KEY + ": oops\n";

        assertThat(errors(yaml, dir)).singleElement().asString().startsWith("YAML syntax error at line 3")
                .doesNotContain(API_KEY);
    }

    @Test
    void credentialsInABaseUrlAreNotQuoted() {
        String yaml = """
                providers:
                  openai: {kind: openai, base_url: 'https://user:%s@example.com/v1'}
                models: {fast: {provider: openai, price: {input: 1, output: 1}}}
                tiers: {simple: [fast], medium: [fast], complex: [fast]}
                """.formatted(API_KEY);

        assertThat(errors(yaml, dir)).containsExactly(
                "providers.openai.base_url: must not hold credentials; put them in api_key or headers");
    }

    /**
     * Issue 10, item 5: an invalid base_url echoed the API key when the key was not (also) the provider's
     * api_key, so masking could not know it: pasted into the URL, or from the wrong environment variable.
     */
    @Test
    void anInvalidBaseUrlNeverEchoesAnApiKeyThatIsNotConfiguredAsOne() {
        String yaml = """
                providers:
                  a: {kind: openai, base_url: '${OPENAI_API_KEY}'}
                  b: {kind: openai, base_url: 'https://api.example.com/v1?api-key=%1$s'}
                  c: {kind: openai, base_url: 'https://api.example.com/%1$s v1'}
                  d: {kind: openai, base_url: 'key:%1$s'}
                models: {fast: {provider: a, price: {input: 1, output: 1}}}
                tiers: {simple: [fast], medium: [fast], complex: [fast]}
                """.formatted(API_KEY);

        List<String> errors = errors(yaml, dir, Map.of("OPENAI_API_KEY", API_KEY));

        assertThat(errors).hasSize(4).allSatisfy(e -> assertThat(e).startsWith("providers.")
                .contains(".base_url: ").doesNotContain(API_KEY).doesNotContain(Problems.MASK));
    }

    @Test
    void theExceptionItselfDoesNotLeakTheApiKey() {
        String yaml = """
                providers:
                  openai: {kind: openai, base_url: 'ftp://x', api_key: '%s'}
                models: {fast: {provider: openai, price: {input: 1, output: 1}}}
                tiers: {simple: [fast], medium: [fast], complex: [fast]}
                """.formatted(API_KEY);

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.parse(yaml, dir, Map.of()));

        assertThat(e.toString()).doesNotContain(API_KEY).contains("providers.openai.base_url");
        assertThat(e.errors().toString()).doesNotContain(API_KEY);
    }

    @Test
    void aLoadedConfigPrintsNeitherApiKeysNorHeaderValues() {
        String yaml = """
                providers:
                  openai:
                    kind: openai
                    base_url: https://api.openai.com/v1
                    api_key: %s
                    headers: {X-Token: %s}
                models: {fast: {provider: openai, price: {input: 1, output: 1}}}
                tiers: {simple: [fast], medium: [fast], complex: [fast]}
                """.formatted(API_KEY, HEADER_SECRET);

        LadderConfig config = ConfigLoader.parse(yaml, dir, Map.of());

        assertThat(config.toString()).doesNotContain(API_KEY).doesNotContain(HEADER_SECRET).contains("X-Token");
        assertThat(config.providers().get("openai").headers()).containsEntry("X-Token", HEADER_SECRET);
        assertThat(config.providers().get("openai").apiKey()).map(Secret::reveal).contains(API_KEY);
    }
}
