package dev.ladder.cli;

import dev.ladder.config.ConfigException;
import dev.ladder.config.ConfigLoader;
import dev.ladder.config.LadderConfig;
import dev.ladder.eval.EvalException;
import java.nio.file.Path;
import java.util.stream.Collectors;

/** Loads the config an offline command prices with: the given file, or the demo config. */
final class Configs {

    private Configs() {
    }

    static LadderConfig load(Path file) {
        if (file == null) {
            return ConfigLoader.loadDemo(Path.of("data"));
        }
        try {
            return ConfigLoader.load(file, System.getenv());
        } catch (ConfigException e) {
            throw new EvalException(file + ": " + e.errors().stream()
                    .map(err -> (err.path().isEmpty() ? "" : err.path() + ": ") + err.message())
                    .collect(Collectors.joining("; ")), e);
        }
    }
}
