package dev.ladder.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ladder}: the command-line entry point. Each subcommand has {@code --help}. */
@Command(name = "ladder", mixinStandardHelpOptions = true, version = "ladder 0.1.0",
        description = "A cost-aware LLM gateway: OpenAI-compatible, sends each request to the cheapest model "
                + "that can answer it well.",
        subcommands = {ServeCommand.class, DemoCommand.class, CheckConfigCommand.class, SimulateCommand.class,
                BenchOverheadCommand.class, BenchStreamsCommand.class, E2eReplayCommand.class, EvalCommand.class, TrainCommand.class, CalibrateCommand.class, AuditCommand.class, ReplayCommand.class,
                CacheEvalCommand.class, ReportCommand.class, JobsCommand.class, KeysCommand.class,
                SpendCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    /**
     * The JDK HTTP client's read buffer per connection (its default is 16 KiB, held by each open connection): the
     * gateway holds one upstream connection per open stream, whose chunks are a few hundred bytes, so 10,000 open
     * streams held 160 MiB of it. A {@code -Djdk.httpclient.bufsize} on the command line wins.
     */
    static final String HTTP_CLIENT_BUFFER_BYTES = "4096";

    public static void main(String[] args) {
        configureHttpClient();
        configureLogging();
        System.exit(run(args));
    }

    /** The HTTP client's buffer size, unless the command line set one; before any client is created. */
    static void configureHttpClient() {
        if (System.getProperty("jdk.httpclient.bufsize") == null) {
            System.setProperty("jdk.httpclient.bufsize", HTTP_CLIENT_BUFFER_BYTES);
        }
    }

    /** One-line console logging, unless the user points java.util.logging at a file of their own. */
    private static void configureLogging() {
        if (System.getProperty("java.util.logging.config.file") != null) {
            return;
        }
        try (var in = Main.class.getResourceAsStream("/dev/ladder/logging.properties")) {
            if (in != null) {
                java.util.logging.LogManager.getLogManager().readConfiguration(in);
            }
        } catch (java.io.IOException e) {
            System.err.println("ladder: could not read the logging configuration: " + e.getMessage());
        }
    }

    /** Runs the command line and returns the exit code (0 ok, 1 failure, 2 usage error). */
    public static int run(String... args) {
        return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /** Runs the command line with its output and errors going to {@code out} and {@code err} (for tests). */
    static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new Main()).setOut(out).setErr(err);
        cli.setParameterExceptionHandler((ex, a) -> {
            ex.getCommandLine().getErr().println("ladder: " + ex.getMessage() + " (see '"
                    + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help')");
            return 2;
        });
        cli.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            cmd.getErr().println("ladder: " + oneLine(ex));
            return 1;
        });
        int code = cli.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    static String oneLine(Throwable t) {
        String m = t.getMessage();
        if (m == null || m.isBlank()) {
            m = t.getClass().getSimpleName();
        }
        return m.strip();
    }
}
