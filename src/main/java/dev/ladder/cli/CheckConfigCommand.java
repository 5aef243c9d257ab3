package dev.ladder.cli;

import dev.ladder.config.ConfigException;
import dev.ladder.config.ConfigLoader;
import dev.ladder.config.LadderConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "check-config", mixinStandardHelpOptions = true,
        description = "Validates a config file; every error names its path. Exit 1 when invalid.")
final class CheckConfigCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FILE", description = "YAML config to check.")
    Path file;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        try {
            LadderConfig cfg = ConfigLoader.load(file, System.getenv());
            spec.commandLine().getOut().println("ok: " + file + " (" + cfg.providers().size() + " providers, "
                    + cfg.models().size() + " models)");
            return 0;
        } catch (ConfigException e) {
            e.errors().forEach(err -> spec.commandLine().getErr().println(
                    (err.path().isEmpty() ? "" : err.path() + ": ") + err.message()));
            return 1;
        }
    }
}
