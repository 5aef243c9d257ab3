package dev.ladder.cli;

import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ladder bench-streams}: N slow streams held open through a gateway at once, every one read to its
 * {@code [DONE]}, and the gateway's peak resident memory ({@link StreamsBench}).
 *
 * <p>Run: {@code ./ladder bench-streams --streams 10000 --hold 30s}
 */
@Command(name = "bench-streams", mixinStandardHelpOptions = true,
        description = "Holds N slow streams open through a gateway (ladder serve, its own process) at once, against "
                + "a slow upstream (bench/mock-openai.mjs under Node); checks that every stream ends with [DONE] and "
                + "reports the gateway's peak RSS, threads and open files.")
final class BenchStreamsCommand implements Callable<Integer> {

    @Option(names = "--streams", defaultValue = "10000", description = "Streams held open at once (default ${DEFAULT-VALUE}).")
    int streams;

    @Option(names = "--hold", defaultValue = "30s", converter = SecondsOrMillis.class,
            description = "How long each stream trickles its chunks once all are open (default ${DEFAULT-VALUE}).")
    Duration hold;

    @Option(names = "--open-concurrency", defaultValue = "256",
            description = "Streams waiting for their response headers at most, while opening (default ${DEFAULT-VALUE}).")
    int openConcurrency;

    @Option(names = "--open-timeout", defaultValue = "300s", converter = SecondsOrMillis.class,
            description = "How long the upstream waits for all streams to be open before it lets them go on anyway "
                    + "(default ${DEFAULT-VALUE}).")
    Duration openTimeout;

    @Option(names = "--gateway-jvm-options", description = "The gateway JVM's options, space-separated (default: this "
            + "JVM's -X options, which ./ladder sets to the ones `ladder serve` runs with; ./ladder java-opts).")
    String gatewayJvmOptions;

    @Option(names = "--mock", description = "The upstream script (default: bench/mock-openai.mjs beside the jar).")
    Path mock;

    @Option(names = "--node", defaultValue = "node", description = "The Node.js binary (default ${DEFAULT-VALUE}).")
    String node;

    @Option(names = "--nmt", description = "Run the gateway with native memory tracking; print its summary when all "
            + "streams are open.")
    boolean nativeMemory;

    @Option(names = "--histogram", defaultValue = "0",
            description = "Print the top N classes of the gateway's heap when all streams are open (a full GC).")
    int histogram;

    @Option(names = "--gateway-classpath", description = "Run the gateway from this class path, e.g. another build's "
            + "target/ladder.jar, to compare (default: this one).")
    String gatewayClasspath;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        List<String> jvm = gatewayJvmOptions == null ? inheritedJvmOptions()
                : Arrays.stream(gatewayJvmOptions.strip().split("\\s+")).filter(s -> !s.isEmpty()).toList();
        StreamsBench.Options options = new StreamsBench.Options(streams, hold, openConcurrency, openTimeout, jvm,
                mock == null ? defaultMock() : mock, node, nativeMemory, histogram,
                java.util.Optional.ofNullable(gatewayClasspath));
        StreamsBench.Report report = new StreamsBench(options, out).run();
        out.print(report.text());
        out.flush();
        return report.allDone() ? 0 : 1;
    }

    /** {@code 30s}, {@code 1500ms}, {@code 2m}, or a number of seconds. */
    static final class SecondsOrMillis implements picocli.CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            String v = value.strip().toLowerCase(java.util.Locale.ROOT);
            try {
                if (v.endsWith("ms")) {
                    return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
                }
                if (v.endsWith("m")) {
                    return Duration.ofMinutes(Long.parseLong(v.substring(0, v.length() - 1)));
                }
                return Duration.ofSeconds(Long.parseLong(v.endsWith("s") ? v.substring(0, v.length() - 1) : v));
            } catch (NumberFormatException e) {
                throw new picocli.CommandLine.TypeConversionException("not a duration (30s, 1500ms, 2m): " + value);
            }
        }
    }

    /** This JVM's heap and GC options ({@code -X...}), which the launcher sets as it does for {@code ladder serve}. */
    static List<String> inheritedJvmOptions() {
        return ManagementFactory.getRuntimeMXBean().getInputArguments().stream().filter(a -> a.startsWith("-X"))
                .toList();
    }

    /** {@code bench/mock-openai.mjs} in the checkout this code runs from (beside target/). */
    static Path defaultMock() {
        try {
            Path p = Path.of(BenchStreamsCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            for (Path d = p; d != null; d = d.getParent()) {
                Path script = d.resolve("bench/mock-openai.mjs");
                if (Files.isRegularFile(script)) {
                    return script;
                }
            }
        } catch (java.net.URISyntaxException | RuntimeException e) {
            // fall through to the working directory
        }
        return Path.of("bench/mock-openai.mjs");
    }
}
