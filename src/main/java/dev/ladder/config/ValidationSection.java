package dev.ladder.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ladder.validate.AnswerKind;
import dev.ladder.validate.CompositeValidator;
import dev.ladder.validate.ConsensusValidator;
import dev.ladder.validate.LogprobConfidence;
import dev.ladder.validate.Rule;
import dev.ladder.validate.SelfEvaluator;
import dev.ladder.validate.ValidationConfig;
import dev.ladder.validate.ValidationConfig.Policy;
import dev.ladder.validate.ValidationConfig.Spec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Reads {@code validation}: the default policy and one per route (a route is the {@code x-ladder-feature} a
 * request carries). Each policy has a threshold and a mapping of validator kind to its settings. Documented in
 * {@code docs/validation.md}.
 */
final class ValidationSection {

    static final List<String> KEYS = List.of("defaults", "routes");
    static final List<String> POLICY_KEYS = List.of("threshold", "validators");
    static final List<String> KINDS = List.of("json_schema", "logprob", "rules", "refusal", "self_eval",
            "consensus");
    static final List<String> RULE_KEYS = List.of("weight", "hard", "length", "required", "forbidden", "must_match",
            "final_answer", "numeric", "arithmetic");
    static final List<String> LENGTH_KEYS = List.of("min", "max", "unit");
    static final List<String> UNITS = List.of("chars", "tokens");
    static final double DEFAULT_WEIGHT = 1.0;

    private ValidationSection() {
    }

    /** The validation settings; {@code modelNames} are all declared models, which a judge must be one of. */
    static ValidationConfig read(YamlTree node, List<String> modelNames) {
        node.allowKeys(KEYS);
        YamlTree defaultsNode = node.get("defaults");
        Policy defaults = defaultsNode.isPresent() ? policy(defaultsNode, modelNames).orElse(
                ValidationConfig.DEFAULT_POLICY) : ValidationConfig.DEFAULT_POLICY;
        Map<String, Policy> routes = new LinkedHashMap<>();
        node.get("routes").entries().forEach((route, policyNode) -> policy(policyNode.required(), modelNames)
                .ifPresent(p -> routes.put(route, p)));
        return new ValidationConfig(defaults, routes);
    }

    private static Optional<Policy> policy(YamlTree node, List<String> modelNames) {
        node.allowKeys(POLICY_KEYS);
        YamlTree thresholdNode = node.get("threshold");
        double threshold = thresholdNode.check(thresholdNode.number(), t -> t >= 0 && t <= 1,
                "must be within [0, 1]").orElse(CompositeValidator.DEFAULT_THRESHOLD);
        YamlTree validators = node.get("validators").allowKeys(KINDS, "validator");
        Map<String, YamlTree> entries = validators.requiredEntries("validator");
        List<Spec> specs = new ArrayList<>();
        boolean complete = true;
        for (Map.Entry<String, YamlTree> e : entries.entrySet()) {
            if (!KINDS.contains(e.getKey())) {
                complete = false;
                continue;
            }
            Optional<Spec> spec = spec(e.getKey(), e.getValue(), modelNames);
            spec.ifPresent(specs::add);
            complete &= spec.isPresent();
        }
        if (!complete || specs.isEmpty()) {
            return Optional.empty();
        }
        return node.build(() -> new Policy(threshold, specs));
    }

    private static Optional<Spec> spec(String kind, YamlTree node, List<String> modelNames) {
        return switch (kind) {
            case "json_schema" -> {
                node.allowKeys(List.of("weight", "schema"));
                double weight = weight(node);
                YamlTree schemaNode = node.get("schema");
                Optional<JsonNode> schema = schemaNode.isPresent() ? Optional.of(schemaNode.raw()) : Optional.empty();
                yield schemaNode.build(() -> new Spec.JsonSchema(weight, schema));
            }
            case "logprob" -> {
                node.allowKeys(List.of("weight", "hard", "min_confidence"));
                double weight = weight(node);
                boolean hard = node.get("hard").bool().orElse(false);
                YamlTree minNode = node.get("min_confidence");
                Optional<Double> min = minNode.check(minNode.number(), v -> v > 0 && v < 1, "must be > 0 and < 1");
                if (minNode.isPresent() && min.isEmpty()) {
                    yield Optional.empty();
                }
                yield node.build(() -> new Spec.Logprob(weight, hard,
                        min.orElse(LogprobConfidence.DEFAULT_MIN_CONFIDENCE)));
            }
            case "refusal" -> {
                node.allowKeys(List.of("weight", "hard"));
                double weight = weight(node);
                boolean hard = node.get("hard").bool().orElse(true);
                yield node.build(() -> new Spec.Refusal(weight, hard));
            }
            case "rules" -> rules(node);
            case "self_eval" -> selfEval(node, modelNames);
            case "consensus" -> consensus(node, modelNames);
            default -> throw new IllegalStateException("unreachable: " + kind);
        };
    }

    private static Optional<Spec> rules(YamlTree node) {
        node.allowKeys(RULE_KEYS, "rule");
        double weight = weight(node);
        boolean hard = node.get("hard").bool().orElse(false);
        List<Rule> rules = new ArrayList<>();
        length(node.get("length")).ifPresent(rules::add);
        strings(node.get("required")).flatMap(k -> node.get("required").build(() -> new Rule.Required(k)))
                .ifPresent(rules::add);
        strings(node.get("forbidden")).flatMap(p -> node.get("forbidden").build(() -> new Rule.Forbidden(p)))
                .ifPresent(rules::add);
        strings(node.get("must_match")).flatMap(p -> node.get("must_match").build(() -> new Rule.MustMatch(p)))
                .ifPresent(rules::add);
        finalAnswer(node.get("final_answer")).ifPresent(rules::add);
        numeric(node.get("numeric")).ifPresent(rules::add);
        if (node.get("arithmetic").bool().orElse(false)) {
            rules.add(new Rule.ArithmeticChecks());
        }
        if (rules.isEmpty()) {
            // A rule that was written but is wrong has been reported at its own path.
            if (RULE_KEYS.stream().skip(2).noneMatch(k -> node.get(k).isPresent())) {
                node.error("must configure at least one rule");
            }
            return Optional.empty();
        }
        return node.build(() -> new Spec.Rules(weight, hard, rules));
    }

    private static Optional<Rule> length(YamlTree node) {
        if (!node.isPresent()) {
            return Optional.empty();
        }
        node.allowKeys(LENGTH_KEYS);
        YamlTree minNode = node.get("min");
        Optional<Long> min = minNode.check(minNode.integer(), v -> v >= 0 && v <= Integer.MAX_VALUE, "must be >= 0");
        YamlTree maxNode = node.get("max");
        Optional<Long> max = maxNode.check(maxNode.integer(), v -> v >= 0 && v <= Integer.MAX_VALUE, "must be >= 0");
        Optional<String> unit = node.get("unit").oneOf("unit", UNITS);
        if (min.isEmpty() && max.isEmpty()) {
            node.error("needs min, max or both");
            return Optional.empty();
        }
        if (min.isPresent() && max.isPresent() && max.get() < min.get()) {
            maxNode.error("must be >= min (" + min.get() + ")");
            return Optional.empty();
        }
        Rule.Length.Unit u = unit.orElse("chars").equals("tokens") ? Rule.Length.Unit.TOKENS : Rule.Length.Unit.CHARS;
        return node.build(() -> new Rule.Length(min.orElse(0L).intValue(),
                max.orElse((long) Integer.MAX_VALUE).intValue(), u));
    }

    private static Optional<Rule> finalAnswer(YamlTree node) {
        if (!node.isPresent()) {
            return Optional.empty();
        }
        node.allowKeys(List.of("markers"));
        YamlTree markers = node.get("markers");
        if (!markers.isPresent()) {
            return Optional.of(new Rule.FinalAnswer(List.of("####", "the answer is")));
        }
        return strings(markers).flatMap(m -> markers.build(() -> new Rule.FinalAnswer(m)));
    }

    private static Optional<Rule> numeric(YamlTree node) {
        if (!node.isPresent()) {
            return Optional.empty();
        }
        node.allowKeys(List.of("min", "max", "integer"));
        Optional<Double> min = node.get("min").number();
        YamlTree maxNode = node.get("max");
        Optional<Double> max = maxNode.number();
        boolean integer = node.get("integer").bool().orElse(false);
        if (min.isPresent() && max.isPresent() && max.get() < min.get()) {
            maxNode.error("must be >= min (" + min.get() + ")");
            return Optional.empty();
        }
        return Optional.of(new Rule.NumericRange(min.map(OptionalDouble::of).orElse(OptionalDouble.empty()),
                max.map(OptionalDouble::of).orElse(OptionalDouble.empty()), integer));
    }

    private static Optional<Spec> selfEval(YamlTree node, List<String> modelNames) {
        node.required().allowKeys(List.of("weight", "hard", "model", "timeout", "min_score"));
        double weight = weight(node);
        boolean hard = node.get("hard").bool().orElse(false);
        Optional<String> model = node.get("model").required().oneOf("model", modelNames);
        YamlTree timeoutNode = node.get("timeout");
        Duration timeout = timeoutNode.check(timeoutNode.parsed(Durations::parse), Duration::isPositive, "must be > 0")
                .orElse(SelfEvaluator.DEFAULT_TIMEOUT);
        YamlTree minNode = node.get("min_score");
        Optional<Double> minScore = minNode.check(minNode.number(), v -> v >= 1 && v <= 10, "must be within [1, 10]");
        if (model.isEmpty() || minNode.isPresent() && minScore.isEmpty()) {
            return Optional.empty();
        }
        return node.build(() -> new Spec.SelfEval(weight, hard, model.get(), timeout,
                minScore.orElse(SelfEvaluator.DEFAULT_MIN_SCORE)));
    }

    private static Optional<Spec> consensus(YamlTree node, List<String> modelNames) {
        node.required().allowKeys(List.of("weight", "hard", "models", "kind", "min_agreement", "similarity", "timeout"));
        double weight = weight(node);
        boolean hard = node.get("hard").bool().orElse(true);
        YamlTree modelsNode = node.get("models").required();
        List<String> models = new ArrayList<>();
        boolean modelsOk = true;
        for (YamlTree m : modelsNode.list().orElse(List.of())) {
            Optional<String> name = m.oneOf("model", modelNames);
            modelsOk &= name.isPresent();
            name.ifPresent(models::add);
        }
        if (modelsNode.isPresent() && modelsNode.list().map(List::isEmpty).orElse(true)) {
            modelsNode.error("must list at least one configured model");
            modelsOk = false;
        }
        YamlTree kindNode = node.get("kind");
        List<String> kinds = new ArrayList<>(List.of("auto"));
        for (AnswerKind k : AnswerKind.values()) {
            kinds.add(k.wireName());
        }
        Optional<String> kind = kindNode.oneOf("answer kind", kinds);
        YamlTree agreeNode = node.get("min_agreement");
        Optional<Double> min = agreeNode.check(agreeNode.number(), v -> v > 0 && v <= 1, "must be > 0 and <= 1");
        YamlTree simNode = node.get("similarity");
        Optional<Double> sim = simNode.check(simNode.number(), v -> v > 0 && v <= 1, "must be > 0 and <= 1");
        YamlTree timeoutNode = node.get("timeout");
        Duration timeout = timeoutNode.check(timeoutNode.parsed(Durations::parse), Duration::isPositive, "must be > 0")
                .orElse(ConsensusValidator.DEFAULT_TIMEOUT);
        if (!modelsOk || kindNode.isPresent() && kind.isEmpty() || agreeNode.isPresent() && min.isEmpty()
                || simNode.isPresent() && sim.isEmpty()) {
            return Optional.empty();
        }
        return node.build(() -> new Spec.Consensus(weight, hard, models, kind.flatMap(AnswerKind::parse),
                min.orElse(ConsensusValidator.DEFAULT_MIN_AGREEMENT), timeout,
                sim.map(OptionalDouble::of).orElse(OptionalDouble.empty())));
    }

    private static double weight(YamlTree node) {
        YamlTree w = node.get("weight");
        return w.check(w.number(), v -> v >= 0, "must be >= 0").orElse(DEFAULT_WEIGHT);
    }

    /** A non-empty list of non-empty strings; problems are reported at the list or the item. */
    private static Optional<List<String>> strings(YamlTree node) {
        Optional<List<YamlTree>> items = node.list();
        if (items.isEmpty()) {
            return Optional.empty();
        }
        if (items.get().isEmpty()) {
            node.error("must list at least one value");
            return Optional.empty();
        }
        List<String> out = new ArrayList<>();
        boolean ok = true;
        for (YamlTree item : items.get()) {
            Optional<String> s = item.check(item.string(), v -> !v.isEmpty(), "must not be empty");
            s.ifPresent(out::add);
            ok &= s.isPresent();
        }
        return ok ? Optional.of(out) : Optional.empty();
    }
}
