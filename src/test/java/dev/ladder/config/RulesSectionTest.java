package dev.ladder.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ladder.classify.RoutingRule;
import dev.ladder.model.Tier;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RulesSectionTest {

    static final String BASE = """
            providers:
              sim: {kind: simulated, models: {a: {}}}
            models:
              fast: {provider: sim, model: a, price: {input: 1, output: 1}}
            tiers: {simple: [fast], medium: [fast], complex: [fast]}
            routing:
              rules:
            """;

    static LadderConfig parse(String rules) {
        return ConfigLoader.parse(BASE + rules.indent(4), Path.of("."), Map.of());
    }

    static List<String> errors(String rules) {
        try {
            parse(rules);
            throw new AssertionError("expected a config error");
        } catch (ConfigException e) {
            return e.errors().stream().map(err -> err.path() + ": " + err.message()).toList();
        }
    }

    @Test
    void rulesAreReadInOrder() {
        List<RoutingRule> rules = parse("""
                - {name: legal, when: {pattern: "(?i)contract"}, then: {tier: complex}}
                - {name: vip, when: {key: [key_abc, key_def], feature: checkout}, then: {model: fast}}
                - {name: private, when: {pii: true}, then: {tier: medium}}
                """).routing().rules();

        assertThat(rules).extracting(RoutingRule::name).containsExactly("legal", "vip", "private");
        assertThat(rules.get(0).tier()).contains(Tier.COMPLEX);
        assertThat(rules.get(1).keyIds()).containsExactlyInAnyOrder("key_abc", "key_def");
        assertThat(rules.get(1).features()).containsExactly("checkout");
        assertThat(rules.get(1).model()).contains("fast");
        assertThat(rules.get(2).pii()).isTrue();
    }

    @Test
    void aRuleNamingAnUnknownModelIsAnError() {
        assertThat(errors("- {name: x, when: {pii: true}, then: {model: fastt}}"))
                .anyMatch(e -> e.startsWith("routing.rules[0].then.model:") && e.contains("fast"));
    }

    @Test
    void aBadPatternIsAnError() {
        assertThat(errors("- {name: x, when: {pattern: \"(unclosed\"}, then: {tier: complex}}"))
                .anyMatch(e -> e.startsWith("routing.rules[0].when.pattern:"));
    }

    @Test
    void aRuleWithoutAConditionIsAnError() {
        assertThat(errors("- {name: x, when: {}, then: {tier: complex}}")).anyMatch(e -> e.contains("routing.rules[0]"));
    }

    @Test
    void aRuleWithBothATierAndAModelIsAnError() {
        assertThat(errors("- {name: x, when: {pii: true}, then: {tier: simple, model: fast}}"))
                .anyMatch(e -> e.startsWith("routing.rules[0].then:") && e.contains("exactly one"));
    }

    @Test
    void anUnknownKeyInARuleIsAnErrorWithASuggestion() {
        assertThat(errors("- {name: x, when: {patern: a}, then: {tier: simple}}"))
                .anyMatch(e -> e.startsWith("routing.rules[0].when.patern:") && e.contains("pattern"));
    }

    @Test
    void twoRulesWithOneNameAreAnError() {
        assertThatThrownBy(() -> parse("""
                - {name: x, when: {pii: true}, then: {tier: simple}}
                - {name: x, when: {pii: true}, then: {tier: complex}}
                """)).isInstanceOf(ConfigException.class).hasMessageContaining("defined twice");
    }
}
