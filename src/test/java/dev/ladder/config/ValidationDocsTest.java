package dev.ladder.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ladder.validate.ValidationConfig.Spec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Keeps docs/validation.md honest: its configuration loads and its sample errors are what Ladder prints. */
class ValidationDocsTest {

    private static final Path DOC = Path.of("docs/validation.md");
    private static final Pattern BLOCK = Pattern.compile("```(\\w+)\\n(.*?)```", Pattern.DOTALL);
    private static final String MODELS = """
            providers:
              sim:
                kind: simulated
                models:
                  sim-small:
            models:
              gpt-4o-mini: {provider: sim, model: sim-small, price: {input: 0.15, output: 0.60}}
              fast: {provider: sim, model: sim-small, price: {input: 0.15, output: 0.60}}
            tiers: {simple: [fast], medium: [fast], complex: [fast]}
            """;

    @TempDir
    Path dir;

    @Test
    void theDocumentedConfigurationLoads() throws IOException {
        String section = blocks("yaml").getFirst();

        LadderConfig config = ConfigLoader.parse(MODELS + section, dir, Map.of());

        assertThat(config.validation().routes()).containsOnlyKeys("extract", "support-reply");
        assertThat(config.validation().policyFor(Optional.of("support-reply")).validators())
                .extracting(Spec::kind).containsExactly("refusal", "rules", "self_eval");
    }

    @Test
    void theSampleErrorsAreWhatABrokenSectionPrints() throws IOException {
        String broken = MODELS + """
                validation:
                  routes:
                    math:
                      validators:
                        refusals: {}
                        rules: {length: {min: 10, max: 5}}
                        self_eval: {model: gpt-4o-mni}
                """;
        List<String> sample = blocks("text").getFirst().lines().toList();

        assertThat(ConfigFixtures.errors(broken, dir)).containsExactlyElementsOf(sample);
    }

    private static List<String> blocks(String language) throws IOException {
        return BLOCK.matcher(Files.readString(DOC)).results().filter(r -> r.group(1).equals(language))
                .map(r -> r.group(2)).toList();
    }
}
