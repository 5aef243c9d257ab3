package dev.ladder.config;

import static dev.ladder.config.ConfigFixtures.MINIMAL;
import static dev.ladder.config.ConfigFixtures.errors;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ladder.model.ModelSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AliasSectionTest {

    private static final String TWO_MODELS = MINIMAL.replace(
            "  fast: {provider: sim, model: sim-small, price: {input: 0.15, output: 0.60}}",
            "  fast: {provider: sim, model: sim-small, price: {input: 0.15, output: 0.60}}\n"
                    + "  fast-eu: {provider: sim, model: sim-small, price: {input: 0.15, output: 0.60}}");

    @TempDir
    Path dir;

    @Test
    void withoutAliasesThereAreNone() {
        assertThat(ConfigLoader.parse(MINIMAL, dir, Map.of()).aliases()).isEmpty();
    }

    @Test
    void anAliasMapsToItsModelsInConfiguredOrder() {
        LadderConfig c = ConfigLoader.parse(TWO_MODELS + "aliases:\n  gpt-4o-mini: [fast-eu, fast]\n", dir, Map.of());

        assertThat(c.aliases()).containsExactly(Map.entry("gpt-4o-mini", List.of("fast-eu", "fast")));
        assertThat(c.aliasModels("gpt-4o-mini")).extracting(ModelSpec::name).containsExactly("fast-eu", "fast");
        assertThat(c.aliasModels("nope")).isEmpty();
    }

    @Test
    void anAliasMustNotShadowAModelOrTheRoutingAliasAndListsKnownModelsOnce() {
        assertThat(errors(TWO_MODELS + """
                aliases:
                  fast: [fast-eu]
                  ladder/auto: [fast]
                  gpt-4o: [fast, fats, fast]
                  empty: []
                """, dir)).containsExactly(
                "aliases.fast: 'fast' is already a model name; an alias needs a name of its own",
                "aliases[\"ladder/auto\"]: 'ladder/auto' is the routing alias (routing.alias)",
                "aliases.gpt-4o[1]: unknown model 'fats'; did you mean 'fast'?",
                "aliases.gpt-4o[2]: model 'fast' is listed twice",
                "aliases.empty: must list at least one model");
    }
}
