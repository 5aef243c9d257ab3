package dev.ladder.validate;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The {@code validation} section: a default {@link Policy} and one per route (a route is the request's
 * {@code x-ladder-feature}). A route's policy replaces the default whole. Built by the config loader, which
 * reports errors at their config path; the compact constructors hold the invariants.
 */
public record ValidationConfig(Policy defaults, Map<String, Policy> routes) {

    /**
     * Out of the box: JSON answers must match the request's schema (hard), refusals and empty answers fail
     * hard, and logprobs, when present, weigh in. A plain-text answer with no logprobs thus passes unless it is
     * empty, a refusal or cut off.
     */
    public static final Policy DEFAULT_POLICY = new Policy(CompositeValidator.DEFAULT_THRESHOLD, List.of(
            new Spec.JsonSchema(1.0, Optional.empty()),
            new Spec.Refusal(1.0, true),
            new Spec.Logprob(1.0, false, LogprobConfidence.DEFAULT_MIN_CONFIDENCE)));

    public static final ValidationConfig DEFAULTS = new ValidationConfig(DEFAULT_POLICY, Map.of());

    public ValidationConfig {
        requireNonNull(defaults, "defaults is null");
        routes = Map.copyOf(routes);
    }

    /** The policy of {@code route}, or the default one. */
    public Policy policyFor(Optional<String> route) {
        return route.map(routes::get).orElse(defaults);
    }

    /** A composite's threshold and members, in the order they are listed. */
    public record Policy(double threshold, List<Spec> validators) {
        public Policy {
            if (!(threshold >= 0 && threshold <= 1)) {
                throw new IllegalArgumentException("threshold: must be within [0, 1]");
            }
            validators = List.copyOf(validators);
            if (validators.isEmpty()) {
                throw new IllegalArgumentException("validators: must configure at least one validator");
            }
            var kinds = new HashSet<String>();
            validators.forEach(v -> {
                if (!kinds.add(v.kind())) {
                    throw new IllegalArgumentException("validators: " + v.kind() + " is listed twice");
                }
            });
        }
    }

    /** One configured validator. {@link #kind()} is its key in the config and its name in the decision log. */
    public sealed interface Spec {

        double weight();

        boolean hard();

        default String kind() {
            return switch (this) {
                case JsonSchema _ -> "json_schema";
                case Logprob _ -> "logprob";
                case Rules _ -> "rules";
                case Refusal _ -> "refusal";
                case SelfEval _ -> "self_eval";
                case Consensus _ -> "consensus";
            };
        }

        /** Always hard: a client that asked for JSON cannot use anything else. */
        record JsonSchema(double weight, Optional<JsonNode> schema) implements Spec {
            public JsonSchema {
                checkWeight(weight);
                requireNonNull(schema, "schema is null");
                schema.ifPresent(JsonSchemaValidator::compile);
            }

            @Override
            public boolean hard() {
                return true;
            }
        }

        record Logprob(double weight, boolean hard, double minConfidence) implements Spec {
            public Logprob {
                checkWeight(weight);
                if (!(minConfidence > 0 && minConfidence < 1)) {
                    throw new IllegalArgumentException("min_confidence: must be > 0 and < 1");
                }
            }
        }

        record Rules(double weight, boolean hard, List<Rule> rules) implements Spec {
            public Rules {
                checkWeight(weight);
                rules = List.copyOf(rules);
                if (rules.isEmpty()) {
                    throw new IllegalArgumentException("must configure at least one rule");
                }
            }
        }

        record Refusal(double weight, boolean hard) implements Spec {
            public Refusal {
                checkWeight(weight);
            }
        }

        /** {@code model} names a configured model (checked by the loader). */
        record SelfEval(double weight, boolean hard, String model, Duration timeout, double minScore) implements Spec {
            public SelfEval {
                checkWeight(weight);
                requireNonNull(model, "model is null");
                requireNonNull(timeout, "timeout is null");
                if (!timeout.isPositive()) {
                    throw new IllegalArgumentException("timeout: must be > 0");
                }
                if (!(minScore >= 1 && minScore <= 10)) {
                    throw new IllegalArgumentException("min_score: must be within [1, 10]");
                }
            }
        }

        /**
         * {@code models} name configured models (checked by the loader); {@code answerKind} empty detects the
         * answer kind per request.
         */
        record Consensus(double weight, boolean hard, List<String> models, Optional<AnswerKind> answerKind,
                double minAgreement, Duration timeout, OptionalDouble similarity) implements Spec {
            public Consensus {
                checkWeight(weight);
                models = List.copyOf(models);
                if (models.isEmpty()) {
                    throw new IllegalArgumentException("models: must name at least one model");
                }
                requireNonNull(answerKind, "answerKind is null");
                if (!(minAgreement > 0 && minAgreement <= 1)) {
                    throw new IllegalArgumentException("min_agreement: must be > 0 and <= 1");
                }
                requireNonNull(timeout, "timeout is null");
                if (!timeout.isPositive()) {
                    throw new IllegalArgumentException("timeout: must be > 0");
                }
                requireNonNull(similarity, "similarity is null");
            }
        }

        private static void checkWeight(double weight) {
            if (!(weight >= 0 && Double.isFinite(weight))) {
                throw new IllegalArgumentException("weight: must be >= 0");
            }
        }
    }
}
