package dev.ladder.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Shared YAML for the config tests and a helper that returns what a broken config reports. */
final class ConfigFixtures {

    /** The smallest valid config: one simulated model serving every tier. */
    static final String MINIMAL = """
            providers:
              sim:
                kind: simulated
                models:
                  sim-small:
            models:
              fast: {provider: sim, model: sim-small, price: {input: 0.15, output: 0.60}}
            tiers: {simple: [fast], medium: [fast], complex: [fast]}
            """;

    private ConfigFixtures() {
    }

    /** The errors, as {@code path: message} lines, that parsing {@code yaml} reports. */
    static List<String> errors(String yaml, Path baseDir, Map<String, String> env) {
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> ConfigLoader.parse(yaml, baseDir, env));
        assertThat(e).as("parsing should fail").isNotNull();
        List<String> lines = e.errors().stream().map(ConfigError::toString).toList();
        assertThat(e.getMessage()).isEqualTo(String.join("\n", lines));
        return lines;
    }

    static List<String> errors(String yaml, Path baseDir) {
        return errors(yaml, baseDir, Map.of());
    }
}
