package dev.ladder.cli;

import dev.ladder.config.ConfigLoader;
import dev.ladder.config.LadderConfig;
import dev.ladder.providers.ProviderConfig;
import dev.ladder.providers.ProviderKind;
import dev.ladder.providers.simulated.SimulatedModelConfig;
import dev.ladder.providers.simulated.SimulatorServer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = "Runs a standalone simulated OpenAI-compatible provider (for benchmarks and your own tests).")
final class SimulateCommand implements Callable<Integer> {

    @Option(names = "--port", required = true, paramLabel = "PORT", description = "Port to listen on (0 = any free port).")
    int port;

    @Option(names = "--host", paramLabel = "HOST", defaultValue = "127.0.0.1", description = "Host (default ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--config", paramLabel = "FILE",
            description = "A Ladder config: the models of its simulated providers are served. Default: built-in models.")
    Path config;

    @Option(names = "--seed", paramLabel = "N", description = "Random seed for failure injection (default: random).")
    Long seed;

    @Override
    public Integer call() throws java.io.IOException {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("--port must be in 0..65535");
        }
        Map<String, SimulatedModelConfig> models = config == null ? SimulatorServer.builtInModels() : fromConfig();
        SimulatorServer server = new SimulatorServer(host, port, models, seed == null ? new Random() : new Random(seed));
        server.start();
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(server::close));
        System.out.println("Simulated provider ready on http://" + host + ":" + server.port() + "/v1 (models: "
                + String.join(", ", models.keySet()) + ")");
        System.out.flush();
        Overrides.awaitShutdown();
        return 0;
    }

    private Map<String, SimulatedModelConfig> fromConfig() {
        LadderConfig cfg = ConfigLoader.load(config, System.getenv());
        Map<String, SimulatedModelConfig> models = new LinkedHashMap<>();
        for (ProviderConfig p : cfg.providers().values()) {
            if (p.kind() == ProviderKind.SIMULATED) {
                models.putAll(p.simulated());
            }
        }
        if (models.isEmpty()) {
            throw new IllegalArgumentException(config + " has no provider of kind 'simulated'");
        }
        return models;
    }
}
