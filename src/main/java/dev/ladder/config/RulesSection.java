package dev.ladder.config;

import dev.ladder.classify.RoutingRule;
import dev.ladder.model.Tier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads {@code routing.rules}: an ordered list of
 * {@code {name, when: {feature, key, pattern, pii}, then: {tier | model}}}.
 */
final class RulesSection {

    static final List<String> RULE_KEYS = List.of("name", "when", "then");
    static final List<String> WHEN_KEYS = List.of("feature", "key", "pattern", "pii");
    static final List<String> THEN_KEYS = List.of("tier", "model");
    private static final List<String> TIER_NAMES = Arrays.stream(Tier.values()).map(Tier::wireName).toList();

    private RulesSection() {
    }

    static List<RoutingRule> read(YamlTree node, List<String> modelNames) {
        List<RoutingRule> rules = new ArrayList<>();
        Set<String> names = new HashSet<>();
        node.list().ifPresent(items -> {
            for (YamlTree item : items) {
                item.allowKeys(RULE_KEYS);
                YamlTree nameNode = item.get("name").required();
                Optional<String> name = nameNode.check(nameNode.string(), s -> !s.isBlank(), "must not be empty");
                name.filter(n -> !names.add(n)).ifPresent(n -> nameNode.error("rule '" + n + "' is defined twice"));

                YamlTree when = item.get("when").required().allowKeys(WHEN_KEYS);
                Set<String> features = strings(when.get("feature"));
                Set<String> keys = strings(when.get("key"));
                YamlTree patternNode = when.get("pattern");
                Optional<Pattern> pattern = patternNode.string().flatMap(p -> compile(patternNode, p));
                boolean pii = when.get("pii").bool().orElse(false);
                if (when.isPresent() && features.isEmpty() && keys.isEmpty() && !patternNode.isPresent() && !pii) {
                    when.error("needs at least one of feature, key, pattern, pii: true");
                }

                YamlTree then = item.get("then").required().allowKeys(THEN_KEYS);
                YamlTree tierNode = then.get("tier");
                YamlTree modelNode = then.get("model");
                Optional<Tier> tier = tierNode.oneOf("tier", TIER_NAMES).flatMap(Tier::parse);
                Optional<String> model = modelNode.oneOf("model", modelNames);
                if (then.isPresent() && tierNode.isPresent() == modelNode.isPresent()) {
                    then.error("needs exactly one of tier or model");
                }
                if (name.isPresent() && (tier.isPresent() != model.isPresent())) {
                    item.build(() -> new RoutingRule(name.get(), features, keys, pattern, pii, tier, model))
                            .ifPresent(rules::add);
                }
            }
        });
        return rules;
    }

    private static Set<String> strings(YamlTree node) {
        Set<String> out = new LinkedHashSet<>();
        if (!node.isPresent()) {
            return out;
        }
        if (node.isList()) {
            node.list().ifPresent(items -> items.forEach(i -> i.string().ifPresent(out::add)));
        } else {
            node.string().ifPresent(out::add);
        }
        return out;
    }

    private static Optional<Pattern> compile(YamlTree node, String regex) {
        try {
            return Optional.of(Pattern.compile(regex));
        } catch (PatternSyntaxException e) {
            node.error("not a valid regular expression: " + e.getDescription());
            return Optional.empty();
        }
    }
}
