package dev.ladder.cli;

import dev.ladder.config.ConfigLoader;
import dev.ladder.config.LadderConfig;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Runs the gateway with a config file.")
final class ServeCommand implements Callable<Integer> {

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "YAML config (see docs/config.md).")
    Path config;

    @Option(names = "--port", paramLabel = "PORT", description = "Overrides server.port (default 4000).")
    Integer port;

    @Option(names = "--host", paramLabel = "HOST", description = "Overrides server.host (default 127.0.0.1).")
    String host;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Overrides server.data_dir (decision log).")
    Path dataDir;

    @Override
    public Integer call() {
        LadderConfig cfg = Overrides.apply(ConfigLoader.load(config, System.getenv()), host, port, dataDir);
        Gateway gateway = Gateway.start(cfg, InstantSource.system());
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(gateway::close));
        System.out.println("Ladder listening on " + gateway.baseUrl() + " (" + cfg.models().size() + " models, "
                + "decision log in " + cfg.server().dataDir().toAbsolutePath().normalize() + ")");
        System.out.flush();
        return Overrides.serveUntilListenerFails(gateway);
    }
}
