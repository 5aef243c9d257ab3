package dev.ladder.cli;

import dev.ladder.config.ConfigLoader;
import dev.ladder.config.LadderConfig;
import dev.ladder.model.Tier;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Runs the gateway with built-in simulated providers for three tiers (no API keys needed).")
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "4000", description = "Port (default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--host", paramLabel = "HOST", defaultValue = "127.0.0.1", description = "Host (default ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "data",
            description = "Where the decision log goes (default ./${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--chaos", paramLabel = "RATE",
            description = "Make the simple and medium tiers' simulated models fail RATE (0..1) of their calls with a "
                    + "mix of 500, 429, timeouts, resets, cut streams, stalls and malformed chunks; the complex tier "
                    + "stays healthy. See docs/resilience.md.")
    Double chaos;

    @Override
    public Integer call() {
        if (chaos != null && !(chaos >= 0 && chaos <= 1)) {
            throw new IllegalArgumentException("--chaos must be in 0..1, was " + chaos);
        }
        LadderConfig demo = ConfigLoader.loadDemo(dataDir);
        if (chaos != null) {
            demo = Chaos.apply(demo, chaos);
        }
        LadderConfig cfg = Overrides.apply(demo, host, port, dataDir);
        Gateway gateway = Gateway.start(cfg, InstantSource.system());
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(gateway::close));
        System.out.println(readyLine(gateway));
        if (chaos != null) {
            System.out.println("Chaos: the simple and medium tiers fail " + Math.round(chaos * 100) + "% of calls; "
                    + "watch " + gateway.baseUrl() + "/admin/deployments and " + gateway.baseUrl() + "/metrics");
        }
        System.out.flush();
        return Overrides.serveUntilListenerFails(gateway);
    }

    static String readyLine(Gateway gateway) {
        LadderConfig cfg = gateway.config();
        String tiers = java.util.Arrays.stream(Tier.values())
                .map(t -> t.wireName() + "=" + cfg.tierModels(t).stream().map(m -> m.name()).collect(Collectors.joining(",")))
                .collect(Collectors.joining(" "));
        return "Ladder demo ready on " + gateway.baseUrl() + "  (simulated tiers: " + tiers + "; decision log: "
                + cfg.server().dataDir().resolve("ladder.db") + ")\n"
                + "Try:\n  curl -s " + gateway.baseUrl() + "/v1/chat/completions -H 'Content-Type: application/json' \\\n"
                + "    -d '{\"model\":\"" + cfg.routing().alias()
                + "\",\"messages\":[{\"role\":\"user\",\"content\":\"What is the capital of France?\"}]}' -i";
    }
}
