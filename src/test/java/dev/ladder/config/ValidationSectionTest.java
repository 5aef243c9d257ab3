package dev.ladder.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ladder.validate.CompositeValidator;
import dev.ladder.validate.LogprobConfidence;
import dev.ladder.validate.Rule;
import dev.ladder.validate.SelfEvaluator;
import dev.ladder.validate.ValidationConfig;
import dev.ladder.validate.ValidationConfig.Policy;
import dev.ladder.validate.ValidationConfig.Spec;
import dev.ladder.wire.Json;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code validation} section: defaults, a full mapping, and errors named by path. */
class ValidationSectionTest {

    @TempDir
    Path dir;

    @Test
    void withoutASectionTheDefaultPolicyApplies() {
        LadderConfig config = ConfigLoader.parse(ConfigFixtures.MINIMAL, dir, Map.of());

        assertThat(config.validation()).isEqualTo(ValidationConfig.DEFAULTS);
    }

    @Test
    void theDefaultPolicyIsSchemaHardRefusalHardAndLogprobsWhenPresent() {
        assertThat(ValidationConfig.DEFAULT_POLICY).isEqualTo(new Policy(0.5, List.of(
                new Spec.JsonSchema(1.0, Optional.empty()), new Spec.Refusal(1.0, true),
                new Spec.Logprob(1.0, false, 0.6))));
        assertThat(CompositeValidator.DEFAULT_THRESHOLD).isEqualTo(0.5);
        assertThat(LogprobConfidence.DEFAULT_MIN_CONFIDENCE).isEqualTo(0.6);
        assertThat(SelfEvaluator.DEFAULT_TIMEOUT).isEqualTo(Duration.ofSeconds(3));
        assertThat(SelfEvaluator.DEFAULT_MIN_SCORE).isEqualTo(7);
    }

    @Test
    void aFullSectionMapsToExactlyTheExpectedRecords() throws Exception {
        String yaml = ConfigFixtures.MINIMAL + """
                validation:
                  defaults:
                    threshold: 0.6
                    validators:
                      refusal: {weight: 2, hard: false}
                      logprob: {weight: 0.5, hard: true, min_confidence: 0.7}
                  routes:
                    math:
                      validators:
                        refusal:
                        rules:
                          weight: 3
                          hard: true
                          length: {min: 10, max: 400, unit: tokens}
                          required: [total]
                          forbidden: ["(?i)\\\\bapproximately\\\\b"]
                          must_match: ["\\\\d"]
                          final_answer: {markers: ["####"]}
                          numeric: {min: 0, max: 1e6, integer: true}
                          arithmetic: true
                        self_eval: {weight: 1, model: fast, timeout: 800ms, min_score: 8}
                    extract:
                      threshold: 0.9
                      validators:
                        json_schema:
                          weight: 2
                          schema: {type: object, required: [name]}
                        rules: {length: {max: 2000}}
                """;

        ValidationConfig v = ConfigLoader.parse(yaml, dir, Map.of()).validation();

        assertThat(v).isEqualTo(new ValidationConfig(
                new Policy(0.6, List.of(new Spec.Refusal(2, false), new Spec.Logprob(0.5, true, 0.7))),
                Map.of("math", new Policy(0.5, List.of(new Spec.Refusal(1, true),
                                new Spec.Rules(3, true, List.of(new Rule.Length(10, 400, Rule.Length.Unit.TOKENS),
                                        new Rule.Required(List.of("total")),
                                        new Rule.Forbidden(List.of("(?i)\\bapproximately\\b")),
                                        new Rule.MustMatch(List.of("\\d")), new Rule.FinalAnswer(List.of("####")),
                                        new Rule.NumericRange(OptionalDouble.of(0), OptionalDouble.of(1e6), true),
                                        new Rule.ArithmeticChecks())),
                                new Spec.SelfEval(1, false, "fast", Duration.ofMillis(800), 8))),
                        "extract", new Policy(0.9, List.of(
                                new Spec.JsonSchema(2, Optional.of(Json.read("{\"type\":\"object\",\"required\":[\"name\"]}"))),
                                new Spec.Rules(1, false, List.of(new Rule.Length(0, 2000, Rule.Length.Unit.CHARS))))))));
        assertThat(v.policyFor(Optional.of("math"))).isSameAs(v.routes().get("math"));
        assertThat(v.policyFor(Optional.of("unknown"))).isSameAs(v.defaults());
        assertThat(v.policyFor(Optional.empty())).isSameAs(v.defaults());
    }

    @Test
    void aConsensusValidatorNamesTheModelsItAsksAndHowAnswersAreCompared() {
        String yaml = ConfigFixtures.MINIMAL + """
                validation:
                  routes:
                    quiz:
                      validators:
                        consensus: {models: [fast, fast], kind: choice, min_agreement: 0.6, timeout: 4s}
                    free:
                      validators:
                        consensus: {models: [fast]}
                """;

        ValidationConfig v = ConfigLoader.parse(yaml, dir, Map.of()).validation();

        assertThat(v.routes().get("quiz").validators()).containsExactly(new Spec.Consensus(1, true,
                List.of("fast", "fast"), Optional.of(dev.ladder.validate.AnswerKind.CHOICE), 0.6,
                Duration.ofSeconds(4), OptionalDouble.empty()));
        assertThat(v.routes().get("free").validators()).containsExactly(new Spec.Consensus(1, true, List.of("fast"),
                Optional.empty(), 1.0, Duration.ofSeconds(30), OptionalDouble.empty()));
        assertThat(ConfigFixtures.errors(ConfigFixtures.MINIMAL + """
                validation:
                  defaults:
                    validators:
                      consensus: {models: [slow], kind: letters, min_agreement: 0}
                """, dir)).containsExactlyInAnyOrder(
                "validation.defaults.validators.consensus.models[0]: unknown model 'slow'; expected one of fast",
                "validation.defaults.validators.consensus.kind: unknown answer kind 'letters'; expected one of auto, "
                        + "choice, number, json, code, text",
                "validation.defaults.validators.consensus.min_agreement: must be > 0 and <= 1");
    }

    @Test
    void everyProblemIsReportedAtItsPath() {
        String yaml = ConfigFixtures.MINIMAL + """
                validation:
                  default: {}
                  routes:
                    math:
                      threshold: 1.5
                      validators:
                        refusals: {}
                        logprob: {min_confidence: 1}
                        rules:
                          forbidden: ["(unclosed"]
                          length: {min: 10, max: 5}
                          numeric: {integer: maybe}
                        self_eval: {model: gpt-5, timeout: 5}
                    extract:
                      validators:
                        json_schema: {schema: [1, 2], hard: false}
                    empty:
                      validators: {}
                    no_rules:
                      validators:
                        rules: {weight: -1}
                """;

        assertThat(ConfigFixtures.errors(yaml, dir)).containsExactlyInAnyOrder(
                "validation.default: unknown key; did you mean 'defaults'?",
                "validation.routes.math.threshold: must be within [0, 1]",
                "validation.routes.math.validators.refusals: unknown validator; did you mean 'refusal'?",
                "validation.routes.math.validators.logprob.min_confidence: must be > 0 and < 1",
                "validation.routes.math.validators.rules.forbidden: '(unclosed' is not a valid regular expression: "
                        + "Unclosed group",
                "validation.routes.math.validators.rules.length.max: must be >= min (10)",
                "validation.routes.math.validators.rules.numeric.integer: expected true or false, got 'maybe'",
                "validation.routes.math.validators.self_eval.model: unknown model 'gpt-5'; expected one of fast",
                "validation.routes.math.validators.self_eval.timeout: expected a duration like 250ms, 5s, 2m or 1h, "
                        + "got 5",
                "validation.routes.extract.validators.json_schema.hard: unknown key; expected one of weight, schema",
                "validation.routes.extract.validators.json_schema.schema: not a usable JSON Schema: it must be an "
                        + "object or a boolean",
                "validation.routes.empty.validators: must configure at least one validator",
                "validation.routes.no_rules.validators.rules.weight: must be >= 0",
                "validation.routes.no_rules.validators.rules: must configure at least one rule");
    }
}
