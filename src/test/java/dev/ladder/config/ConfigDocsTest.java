package dev.ladder.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Keeps docs/config.md honest: its examples load, and its sample errors are what Ladder prints. */
class ConfigDocsTest {

    private static final Path DOC = Path.of("docs/config.md");
    private static final Pattern BLOCK = Pattern.compile("```(\\w+)\\n(.*?)```", Pattern.DOTALL);
    private static final Map<String, String> ENV = Map.of("OPENAI_API_KEY", "sk-test", "ANTHROPIC_API_KEY",
            "sk-ant-test", "AZURE_EAST_KEY", "az-1", "AZURE_WEST_KEY", "az-2", "GEMINI_API_KEY", "g-1",
            "GROQ_API_KEY", "gsk-1");

    @TempDir
    Path dir;

    @Test
    void everyExampleInTheReferenceLoads() throws IOException {
        Map<String, String> examples = examples();

        assertThat(examples).containsOnlyKeys("openai", "anthropic", "local", "azure-gemini", "simulated");
        examples.forEach((name, yaml) -> assertThatCode(() -> ConfigLoader.parse(yaml, dir, ENV))
                .as("example %s", name).doesNotThrowAnyException());
    }

    @Test
    void theSampleErrorsAtTheTopAreWhatABrokenOpenAiExamplePrints() throws IOException {
        String broken = examples().get("openai")
                .replace("base_url:", "base_ulr:")
                .replace("price: {input: 0.15", "price: {input: -0.15")
                .replace("complex: [gpt-4o]", "complex: [gpt-4o, gpt4o]");
        List<String> sample = blocks("text").getFirst().lines().toList();

        assertThat(ConfigFixtures.errors(broken, dir, Map.of())).containsExactlyElementsOf(sample);
    }

    private static Map<String, String> examples() throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        for (String block : blocks("yaml")) {
            if (block.startsWith("# example: ")) {
                out.put(block.lines().findFirst().orElseThrow().substring("# example: ".length()), block);
            }
        }
        return out;
    }

    private static List<String> blocks(String language) throws IOException {
        Matcher m = BLOCK.matcher(Files.readString(DOC));
        return m.results().filter(r -> r.group(1).equals(language)).map(r -> r.group(2)).toList();
    }
}
