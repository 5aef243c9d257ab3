package dev.ladder.validate;

import static java.util.Objects.requireNonNull;

import dev.ladder.model.ChatRequest;
import dev.ladder.model.ChatResponse;
import dev.ladder.model.ModelSpec;
import dev.ladder.pipeline.AnswerValidation;
import dev.ladder.pipeline.ModelCalls;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The validators of every route, built once from config: what the cascade asks for a request's composite.
 * Composites are immutable and safe to share between requests.
 */
public final class Validation implements AnswerValidation {

    /** The model a {@code self_eval} validator asks (through the request's attempt chain). */
    public record Judge(ModelSpec model) {
        public Judge {
            requireNonNull(model, "model is null");
        }
    }

    private final CompositeValidator defaults;
    private final Map<String, CompositeValidator> routes;

    private Validation(CompositeValidator defaults, Map<String, CompositeValidator> routes) {
        this.defaults = defaults;
        this.routes = Map.copyOf(routes);
    }

    /**
     * Builds every policy of {@code config}. {@code judges} finds the model a {@code self_eval} names; an
     * unknown one is an {@link IllegalArgumentException} (the config loader has already checked the name).
     */
    public static Validation of(ValidationConfig config, Function<String, Optional<Judge>> judges) {
        requireNonNull(config, "config is null");
        requireNonNull(judges, "judges is null");
        Map<String, CompositeValidator> routes = new HashMap<>();
        config.routes().forEach((route, policy) -> routes.put(route, composite(policy, judges)));
        return new Validation(composite(config.defaults(), judges), routes);
    }

    /** The default policy only, with no judge: for tools and tests. */
    public static Validation defaults() {
        return of(ValidationConfig.DEFAULTS, name -> Optional.empty());
    }

    @Override
    public Conclusion assess(Optional<String> route, ChatRequest question, ChatResponse answer, ModelCalls calls) {
        Assessment a = forRoute(route).assess(question, answer, calls);
        return new Conclusion(a.accepted(), a.feedback(), a.describe(), unusable(a));
    }

    /** A schema failure fails hard: the answer is not the JSON the client asked for, whatever else passed. */
    static boolean unusable(Assessment a) {
        return a.checks().stream().anyMatch(c -> c.failsHard() && c.verdict() instanceof Verdict.Fail f
                && f.reason() == Reason.SCHEMA);
    }

    /** The composite of {@code route} (the request's {@code x-ladder-feature}), or the default one. */
    public CompositeValidator forRoute(Optional<String> route) {
        return route.map(routes::get).orElse(defaults);
    }

    static CompositeValidator composite(ValidationConfig.Policy policy, Function<String, Optional<Judge>> judges) {
        return new CompositeValidator(policy.validators().stream().map(spec -> new CompositeValidator.Member(
                spec.kind(), validator(spec, judges), spec.weight(), spec.hard())).toList(), policy.threshold());
    }

    private static Validator validator(ValidationConfig.Spec spec, Function<String, Optional<Judge>> judges) {
        return switch (spec) {
            case ValidationConfig.Spec.JsonSchema s -> s.schema().map(JsonSchemaValidator::new)
                    .orElseGet(JsonSchemaValidator::new);
            case ValidationConfig.Spec.Logprob s -> new LogprobConfidence(s.minConfidence());
            case ValidationConfig.Spec.Rules s -> new RuleValidator(s.rules());
            case ValidationConfig.Spec.Refusal _ -> new RefusalDetector();
            case ValidationConfig.Spec.SelfEval s -> {
                Judge judge = judges.apply(s.model()).orElseThrow(() -> new IllegalArgumentException(
                        "self_eval.model: no configured model '" + s.model() + "'"));
                yield new SelfEvaluator(judge.model(), s.timeout(), s.minScore());
            }
            case ValidationConfig.Spec.Consensus s -> new ConsensusValidator(s.models().stream()
                    .map(name -> judges.apply(name).orElseThrow(() -> new IllegalArgumentException(
                            "consensus.models: no configured model '" + name + "'")).model()).toList(),
                    s.answerKind(), s.minAgreement(), s.timeout(), s.similarity());
        };
    }
}
