package dev.ladder.cli;

import dev.ladder.config.LadderConfig;
import dev.ladder.config.ServerConfig;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/** Command-line overrides of the config's server section, and the wait-until-killed of long-running commands. */
final class Overrides {

    private Overrides() {
    }

    static LadderConfig apply(LadderConfig config, String host, Integer port, Path dataDir) {
        ServerConfig s = config.server();
        if (host != null) {
            s = s.withHost(host);
        }
        if (port != null) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("--port must be in 0..65535");
            }
            s = s.withPort(port);
        }
        if (dataDir != null) {
            s = s.withDataDir(dataDir);
        }
        return config.withServer(s);
    }

    static void awaitShutdown() {
        try {
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Serves until the process is stopped (a signal runs the shutdown hook; this never returns then) or the
     * listener gives up on its own: then says so and returns exit code 1, so that a supervisor restarts Ladder
     * instead of a process that accepts nothing staying up.
     */
    static int serveUntilListenerFails(Gateway gateway) {
        gateway.awaitListenerFailure();
        System.err.println("ladder: the listener on " + gateway.baseUrl() + " stopped accepting connections (the "
                + "log above says why); exiting so a supervisor can restart Ladder");
        return 1;
    }
}
