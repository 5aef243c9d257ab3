package dev.ladder.config;

import static dev.ladder.config.ConfigFixtures.MINIMAL;
import static dev.ladder.config.ConfigFixtures.errors;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One test per way a config can be wrong; each asserts the exact {@code path: message} lines. */
class ConfigErrorsTest {

    /** MINIMAL plus an OpenAI provider, for tests about HTTP providers. */
    private static final String WITH_OPENAI = """
            providers:
              openai:
                kind: openai
                base_url: https://api.openai.com/v1
              sim:
                kind: simulated
                models:
                  sim-small:
            models:
              fast: {provider: sim, model: sim-small, price: {input: 0.15, output: 0.60}}
            tiers: {simple: [fast], medium: [fast], complex: [fast]}
            """;

    @TempDir
    Path dir;

    @Test
    void aMisspeltKeySuggestsTheClosestAllowedKey() {
        String yaml = WITH_OPENAI.replace("base_url:", "base_ulr:");

        assertThat(errors(yaml, dir)).containsExactly(
                "providers.openai.base_ulr: unknown key; did you mean 'base_url'?",
                "providers.openai.base_url: is required");
    }

    @Test
    void anUnknownKeyFarFromEveryAllowedKeyListsThem() {
        assertThat(errors(MINIMAL + "server: {colour: red}\n", dir)).containsExactly(
                "server.colour: unknown key; expected one of host, port, max_body_bytes, data_dir, decision_log_queue, "
                        + "max_connections, header_timeout, idle_timeout");
    }

    @Test
    void connectionLimitsMustBePositive() {
        assertThat(errors(MINIMAL + "server: {max_connections: 0, header_timeout: 0s, idle_timeout: 10}\n", dir))
                .containsExactly("server.max_connections: must be > 0", "server.header_timeout: must be > 0",
                        "server.idle_timeout: expected a duration like 250ms, 5s, 2m or 1h, got 10");
    }

    @Test
    void anUnknownTopLevelKeyIsReported() {
        assertThat(errors(MINIMAL + "routnig: {alias: x}\n", dir)).containsExactly(
                "routnig: unknown key; did you mean 'routing'?");
    }

    @Test
    void aStringWhereAnIntegerBelongsIsAWrongType() {
        assertThat(errors(MINIMAL + "server: {port: abc}\n", dir)).containsExactly(
                "server.port: expected an integer, got 'abc'");
    }

    @Test
    void aFractionWhereAnIntegerBelongsIsAWrongType() {
        assertThat(errors(MINIMAL + "server: {decision_log_queue: 2.5}\n", dir)).containsExactly(
                "server.decision_log_queue: expected an integer, got 2.5");
    }

    @Test
    void aListWhereAMappingBelongsIsAWrongTypeAndItsChildrenAreNotReportedMissing() {
        String yaml = MINIMAL.replace("fast: {provider: sim, model: sim-small, price: {input: 0.15, output: 0.60}}",
                "fast: [sim, sim-small]");

        assertThat(errors(yaml, dir)).containsExactly("models.fast: expected a mapping, got a list");
    }

    @Test
    void aStringWhereAListBelongsIsAWrongType() {
        String yaml = MINIMAL.replace("simple: [fast]", "simple: fast");

        assertThat(errors(yaml, dir)).containsExactly("tiers.simple: expected a list, got 'fast'");
    }

    @Test
    void aWordWhereABooleanBelongsIsAWrongType() {
        assertThat(errors(MINIMAL + "routing: {escalate_on_failure: maybe}\n", dir)).containsExactly(
                "routing.escalate_on_failure: expected true or false, got 'maybe'");
    }

    @Test
    void anEnvironmentValueOfTheWrongTypeShowsTheReferenceNotTheValue() {
        assertThat(errors(MINIMAL + "server: {port: '${PORT}'}\n", dir, Map.of("PORT", "eighty"))).containsExactly(
                "server.port: expected an integer, got '${PORT}'");
    }

    @Test
    void anEmptyFileIsMissingEveryRequiredSection() {
        assertThat(errors("# nothing here\n", dir)).containsExactly(
                "providers: is required", "models: is required", "tiers: is required");
    }

    @Test
    void aTopLevelThatIsNotAMappingIsReportedOnce() {
        assertThat(errors("- providers\n- models\n", dir)).containsExactly("expected a mapping, got a list");
    }

    @Test
    void aModelWithoutPriceIsMissingARequiredKey() {
        String yaml = MINIMAL.replace(", price: {input: 0.15, output: 0.60}", "");

        assertThat(errors(yaml, dir)).containsExactly("models.fast.price: is required");
    }

    @Test
    void aPriceWithoutOutputIsMissingARequiredKey() {
        String yaml = MINIMAL.replace(", output: 0.60", "");

        assertThat(errors(yaml, dir)).containsExactly("models.fast.price.output: is required");
    }

    @Test
    void aNegativePriceIsRejected() {
        String yaml = MINIMAL.replace("input: 0.15", "input: -0.15");

        assertThat(errors(yaml, dir)).containsExactly("models.fast.price.input: must be >= 0");
    }

    @Test
    void aDurationWithoutUnitIsRejected() {
        String yaml = WITH_OPENAI.replace("base_url: https://api.openai.com/v1",
                "base_url: https://api.openai.com/v1\n    connect_timeout: 5");

        assertThat(errors(yaml, dir)).containsExactly(
                "providers.openai.connect_timeout: expected a duration like 250ms, 5s, 2m or 1h, got 5");
    }

    @Test
    void aZeroTimeoutIsRejected() {
        String yaml = WITH_OPENAI.replace("base_url: https://api.openai.com/v1",
                "base_url: https://api.openai.com/v1\n    request_timeout: 0s");

        assertThat(errors(yaml, dir)).containsExactly("providers.openai.request_timeout: must be > 0");
    }

    @Test
    void aSizeWithAnUnknownUnitIsRejected() {
        assertThat(errors(MINIMAL + "server: {max_body_bytes: 4Mb}\n", dir)).containsExactly(
                "server.max_body_bytes: expected a size in bytes, or like 512KiB, 4MiB or 1MB, got '4Mb'");
    }

    @Test
    void aBaseUrlThatIsNotAnAbsoluteHttpUrlIsRejected() {
        String yaml = WITH_OPENAI.replace("https://api.openai.com/v1", "api.openai.com/v1");

        assertThat(errors(yaml, dir)).containsExactly("providers.openai.base_url: has no scheme; expected an absolute"
                + " http(s) URL like https://api.openai.com/v1");
    }

    @Test
    void anUnknownProviderKindListsTheValidKinds() {
        String yaml = WITH_OPENAI.replace("kind: openai", "kind: bedrock");

        assertThat(errors(yaml, dir)).containsExactly("providers.openai.kind: unknown provider kind 'bedrock';"
                + " expected one of openai, anthropic, azure, gemini, simulated");
    }

    @Test
    void aMisspeltProviderKindSuggestsTheClosest() {
        String yaml = WITH_OPENAI.replace("kind: openai", "kind: opnai");

        assertThat(errors(yaml, dir)).containsExactly(
                "providers.openai.kind: unknown provider kind 'opnai'; did you mean 'openai'?");
    }

    @Test
    void aKeyOfAnotherProviderKindIsRejected() {
        String yaml = MINIMAL.replace("kind: simulated", "kind: simulated\n    base_url: http://localhost");

        assertThat(errors(yaml, dir)).containsExactly(
                "providers.sim.base_url: only applies to HTTP providers (openai, anthropic, azure, gemini), not to a "
                        + "simulated provider");
    }

    @Test
    void simulatedModelsOnAnHttpProviderAreRejected() {
        String yaml = WITH_OPENAI.replace("base_url: https://api.openai.com/v1",
                "base_url: https://api.openai.com/v1\n    models: {gpt-4o: {}}");

        assertThat(errors(yaml, dir)).containsExactly(
                "providers.openai.models: only applies to simulated providers, not to an openai provider");
    }

    @Test
    void anAnthropicProviderNeedsAnApiKey() {
        String yaml = WITH_OPENAI.replace("kind: openai", "kind: anthropic");

        assertThat(errors(yaml, dir)).containsExactly("providers.openai.api_key: is required");
    }

    @Test
    void anEmptyApiKeyIsRejected() {
        String yaml = WITH_OPENAI.replace("base_url: https://api.openai.com/v1",
                "base_url: https://api.openai.com/v1\n    api_key: ${KEY:-}");

        assertThat(errors(yaml, dir)).containsExactly(
                "providers.openai.api_key: must not be empty; leave api_key out for a server that needs none");
    }

    @Test
    void anUnsetEnvironmentVariableIsNamed() {
        String yaml = WITH_OPENAI.replace("base_url: https://api.openai.com/v1",
                "base_url: https://api.openai.com/v1\n    api_key: ${OPENAI_API_KEY}");

        assertThat(errors(yaml, dir)).containsExactly(
                "providers.openai.api_key: environment variable OPENAI_API_KEY is not set");
    }

    @Test
    void aHeaderTheHttpClientOwnsIsRejected() {
        String yaml = WITH_OPENAI.replace("base_url: https://api.openai.com/v1",
                "base_url: https://api.openai.com/v1\n    headers: {Host: example.com, \"Bad Name\": x}");

        assertThat(errors(yaml, dir)).containsExactly(
                "providers.openai.headers.Host: is set by the HTTP client and cannot be configured",
                "providers.openai.headers[\"Bad Name\"]: not a valid HTTP header name");
    }

    @Test
    void anAuthorizationHeaderNextToAnApiKeyIsAConflict() {
        String yaml = WITH_OPENAI.replace("base_url: https://api.openai.com/v1",
                "base_url: https://api.openai.com/v1\n    api_key: k\n    headers: {authorization: Bearer k}");

        assertThat(errors(yaml, dir)).containsExactly("providers.openai.headers.authorization: conflicts with"
                + " api_key, which sets this header; configure only one of them");
    }

    @Test
    void aModelNamingAnUnknownProviderIsRejected() {
        String yaml = MINIMAL.replace("provider: sim,", "provider: simm,");

        assertThat(errors(yaml, dir)).containsExactly(
                "models.fast.provider: unknown provider 'simm'; did you mean 'sim'?");
    }

    @Test
    void aModelOfASimulatedProviderMustBeOneOfItsModels() {
        String yaml = MINIMAL.replace("model: sim-small,", "model: sim-huge,");

        assertThat(errors(yaml, dir)).containsExactly(
                "models.fast.model: 'sim-huge' is not a model of simulated provider 'sim'; it has sim-small");
    }

    @Test
    void anUnknownCapabilityListsTheValidOnes() {
        String yaml = MINIMAL.replace("output: 0.60}", "output: 0.60}, capabilities: [streaming, function_calling]");

        assertThat(errors(yaml, dir)).containsExactly("models.fast.capabilities[1]: unknown capability"
                + " 'function_calling'; expected one of logprobs, json_mode, json_schema, tools, vision, streaming");
    }

    @Test
    void aZeroContextWindowIsRejected() {
        String yaml = MINIMAL.replace("output: 0.60}", "output: 0.60}, context_window: 0");

        assertThat(errors(yaml, dir)).containsExactly("models.fast.context_window: must be > 0");
    }

    @Test
    void aTierListingAnUnknownModelSuggestsTheClosest() {
        String yaml = MINIMAL.replace("complex: [fast]", "complex: [fast, fsat]");

        assertThat(errors(yaml, dir)).containsExactly("tiers.complex[1]: unknown model 'fsat'; did you mean 'fast'?");
    }

    @Test
    void aTierListingAModelTwiceIsRejected() {
        String yaml = MINIMAL.replace("complex: [fast]", "complex: [fast, fast]");

        assertThat(errors(yaml, dir)).containsExactly("tiers.complex[1]: model 'fast' is listed twice");
    }

    @Test
    void aMissingTierIsRequired() {
        String yaml = MINIMAL.replace(", complex: [fast]", "");

        assertThat(errors(yaml, dir)).containsExactly("tiers.complex: is required");
    }

    @Test
    void anEmptyTierIsRejected() {
        String yaml = MINIMAL.replace("medium: [fast]", "medium: []");

        assertThat(errors(yaml, dir)).containsExactly("tiers.medium: must list at least one model");
    }

    @Test
    void anUnknownTierNameIsRejected() {
        String yaml = MINIMAL.replace("complex: [fast]}", "complex: [fast], expert: [fast]}");

        assertThat(errors(yaml, dir)).containsExactly(
                "tiers.expert: unknown tier; expected one of simple, medium, complex");
    }

    @Test
    void aReplayFileThatDoesNotExistIsRejected() {
        String yaml = MINIMAL.replace("sim-small:", "sim-small: {answer: {mode: replay, file: gone.csv, column: a}}");

        assertThat(errors(yaml, dir)).containsExactly(
                "providers.sim.models.sim-small.answer.file: file does not exist: " + dir.resolve("gone.csv"));
    }

    @Test
    void aCannedAnswerNeedsText() {
        String yaml = MINIMAL.replace("sim-small:", "sim-small: {answer: {mode: canned}}");

        assertThat(errors(yaml, dir)).containsExactly("providers.sim.models.sim-small.answer.text: is required");
    }

    @Test
    void aKeyTheAnswerModeDoesNotUseIsRejected() {
        String yaml = MINIMAL.replace("sim-small:", "sim-small: {answer: {mode: echo, column: gold}}");

        assertThat(errors(yaml, dir)).containsExactly(
                "providers.sim.models.sim-small.answer.column: is not used by answer mode echo");
    }

    @Test
    void anUnknownAnswerModeListsTheValidOnes() {
        String yaml = MINIMAL.replace("sim-small:", "sim-small: {answer: {mode: random}}");

        assertThat(errors(yaml, dir)).containsExactly(
                "providers.sim.models.sim-small.answer.mode: unknown answer mode 'random';"
                        + " expected one of canned, echo, replay");
    }

    @Test
    void failureRatesAddingUpToMoreThanOneAreRejected() {
        String yaml = MINIMAL.replace("sim-small:", "sim-small: {failures: {error_500: 0.7, timeout: 0.5}}");

        assertThat(errors(yaml, dir)).containsExactly(
                "providers.sim.models.sim-small.failures: failure rates add up to 1.2; at most 1 is allowed");
    }

    @Test
    void aFailureRateAboveOneIsRejected() {
        String yaml = MINIMAL.replace("sim-small:", "sim-small: {failures: {stream_cut: 1.5}}");

        assertThat(errors(yaml, dir)).containsExactly(
                "providers.sim.models.sim-small.failures.stream_cut: must be in 0..1");
    }

    @Test
    void heuristicThresholdsOutOfOrderAreRejected() {
        assertThat(errors(MINIMAL + "routing: {heuristic: {thresholds: {medium: 0.5, complex: 0.4}}}\n", dir))
                .containsExactly("routing.heuristic.thresholds: medium (0.5) must be below complex (0.4)");
    }

    @Test
    void aThresholdOutsideZeroToOneIsRejected() {
        assertThat(errors(MINIMAL + "routing: {heuristic: {thresholds: {complex: 1}}}\n", dir))
                .containsExactly("routing.heuristic.thresholds.complex: must be > 0 and < 1");
    }

    @Test
    void anUnknownSignalSuggestsTheClosest() {
        assertThat(errors(MINIMAL + "routing: {heuristic: {weights: {lenght: 0.3}}}\n", dir))
                .containsExactly("routing.heuristic.weights.lenght: unknown signal; did you mean 'length'?");
    }

    @Test
    void weightsWithNothingPositiveAreRejected() {
        String weights = "{length: 0, code: 0, reasoning: 0, multi_step: 0, domain: 0, question_depth: 0,"
                + " constraints: 0}";

        assertThat(errors(MINIMAL + "routing: {heuristic: {weights: " + weights + "}}\n", dir)).containsExactly(
                "routing.heuristic.weights: at least one weight must be > 0: the score is divided by their sum");
    }

    @Test
    void anAliasThatIsAlsoAModelNameIsRejected() {
        assertThat(errors(MINIMAL + "routing: {alias: fast}\n", dir)).containsExactly(
                "routing.alias: 'fast' is also the name of a model; pick an alias no model uses");
    }

    @Test
    void aYamlSyntaxErrorGivesLineAndColumn() {
        String yaml = "providers:\n  sim:\n    kind: simulated: x\n";

        assertThat(errors(yaml, dir)).containsExactly(
                "YAML syntax error at line 3, column 20: mapping values are not allowed here");
    }

    @Test
    void aDuplicateKeyIsASyntaxError() {
        assertThat(errors(MINIMAL + "server: {port: 1, port: 2}\n", dir)).singleElement().asString()
                .startsWith("YAML syntax error at line 9").contains("Duplicate field 'port'");
    }

    @Test
    void aSecondYamlDocumentIsRejected() {
        assertThat(errors(MINIMAL + "---\nserver: {port: 1}\n", dir)).containsExactly(
                "YAML holds more than one document (the second starts at line 10); put the whole configuration in one");
    }

    @Test
    void aYamlMergeKeyIsRejectedRatherThanSilentlyIgnored() {
        String yaml = WITH_OPENAI.replace("kind: openai", "<<: {kind: openai}");

        assertThat(errors(yaml, dir)).containsExactly(
                "providers.openai[\"<<\"]: YAML merge keys are not supported;"
                        + " write the keys out (aliases like *name work)",
                "providers.openai.kind: is required");
    }

    @Test
    void aFileThatCannotBeReadIsReported() {
        Path missing = dir.resolve("nope.yaml");

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(missing, Map.of()));

        assertThat(e.errors()).containsExactly(new ConfigError("", "cannot read " + missing + ": no such file"));
    }

    @Test
    void everyProblemIsReportedInOnePassInFileOrder() {
        String yaml = """
                server: {port: 70000}
                providers:
                  sim:
                    kind: simulated
                    models:
                      sim-small: {tokens_per_second: 0}
                models:
                  fast: {provider: sim, model: sim-small, price: {input: -1, output: 0.60}}
                tiers: {simple: [fast], medium: [slow], complex: [fast]}
                """;

        assertThat(errors(yaml, dir)).containsExactly(
                "server.port: must be in 0..65535",
                "providers.sim.models.sim-small.tokens_per_second: must be > 0",
                "models.fast.price.input: must be >= 0",
                "tiers.medium[0]: unknown model 'slow'; expected one of fast");
    }
}
