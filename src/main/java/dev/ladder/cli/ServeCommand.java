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

    @Option(names = "--insecure-no-auth", description = "Listen on a non-loopback address without a master key "
            + "(anyone who reaches the port may use every model and admin route).")
    boolean insecureNoAuth;

    @Override
    public Integer call() {
        LadderConfig cfg = Overrides.apply(ConfigLoader.load(config, System.getenv()), host, port, dataDir);
        Gateway gateway;
        try {
            gateway = Gateway.start(cfg, InstantSource.system(), KeysWiring.Options.fromEnv(System.getenv()),
                    insecureNoAuth);
        } catch (KeysWiring.InsecureBind e) {
            System.err.println("ladder serve: " + e.getMessage());
            return 2;
        }
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(gateway::close));
        System.out.println("Ladder listening on " + gateway.baseUrl() + " (" + cfg.models().size() + " models, "
                + "decision log in " + cfg.server().dataDir().toAbsolutePath().normalize() + ")");
        System.out.flush();
        return Overrides.serveUntilListenerFails(gateway);
    }
}
