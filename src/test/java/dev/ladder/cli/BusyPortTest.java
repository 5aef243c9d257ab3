package dev.ladder.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10, item 5: {@code ladder serve} and {@code ladder demo} on a port that is taken exit with code 1 within
 * 5 s and say so in one line naming the port: no stack trace, no "ready on :-1", no process left running.
 * Run as a real process, as {@code ./ladder} runs it (the launcher execs java, so the exit code is the same).
 */
class BusyPortTest {

    static final Duration WITHIN = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    @Test
    void serveOnABusyPortExitsWith1AndOneLineNamingThePort() throws IOException {
        Path config = Files.writeString(dir.resolve("ladder.yaml"), """
                providers:
                  sim: {kind: simulated, models: {sim-small: {}}}
                models:
                  fast: {provider: sim, model: sim-small, price: {input: 0.15, output: 0.60}}
                tiers: {simple: [fast], medium: [fast], complex: [fast]}
                """);
        try (ServerSocket busy = busyPort()) {
            int port = busy.getLocalPort();

            JavaProcess run = JavaProcess.run(Duration.ofSeconds(30), Main.class, "serve", "--config",
                    config.toString(), "--port", Integer.toString(port), "--data-dir", dir.resolve("data").toString());

            assertFailedCleanly(run, port);
        }
    }

    @Test
    void demoOnABusyPortExitsWith1AndOneLineNamingThePort() throws IOException {
        try (ServerSocket busy = busyPort()) {
            int port = busy.getLocalPort();

            JavaProcess run = JavaProcess.run(Duration.ofSeconds(30), Main.class, "demo", "--port",
                    Integer.toString(port), "--data-dir", dir.resolve("data").toString());

            assertFailedCleanly(run, port);
        }
    }

    private static ServerSocket busyPort() throws IOException {
        return new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
    }

    /**
     * Within 5 s of what starting a JVM costs right now: {@code ladder --version} is the baseline, so that a
     * machine busy with other builds (where a bare JVM start can take seconds) does not fail the test, while a
     * process that lingers does.
     */
    private static void assertFailedCleanly(JavaProcess run, int port) {
        assertThat(run.exit()).as(run.err()).isEqualTo(1);
        Duration jvmStart = JavaProcess.run(Duration.ofSeconds(30), Main.class, "--version").took();
        assertThat(run.took().minus(jvmStart)).as("time to exit beyond a JVM start (%s ms)", jvmStart.toMillis())
                .isLessThan(WITHIN);
        List<String> naming = run.err().lines().filter(l -> l.contains(Integer.toString(port))).toList();
        assertThat(naming).containsExactly("ladder: cannot listen on 127.0.0.1:" + port + ": port " + port
                + " is already in use (another Ladder, or another server?)");
        assertThat(run.err()).doesNotContain("\tat ").doesNotContain("Exception").doesNotContain("SEVERE");
        assertThat(run.out()).doesNotContain("ready").doesNotContain("listening").doesNotContain(":-1");
    }
}
