package dev.ladder.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A class's {@code main} in a fresh JVM on this test run's class path, the way {@code ./ladder} runs the jar:
 * what it printed, its exit code and how long it took. For what only a separate process shows (exit codes,
 * what reaches stderr, the process staying up).
 */
record JavaProcess(int exit, String out, String err, Duration took) {

    static final Path JAVA = Path.of(System.getProperty("java.home"), "bin", "java");

    /** Runs {@code mainClass} with {@code args}; fails the test when it is still running after {@code timeout}. */
    static JavaProcess run(Duration timeout, Class<?> mainClass, String... args) {
        return run(timeout, Map.of(), mainClass, args);
    }

    static JavaProcess run(Duration timeout, Map<String, String> env, Class<?> mainClass, String... args) {
        List<String> command = new ArrayList<>(List.of(JAVA.toString(), "--enable-native-access=ALL-UNNAMED",
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                mainClass.getName()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().putAll(env);
        long started = System.nanoTime();
        try {
            Process p = pb.start();
            CompletableFuture<String> out = drain(p.getInputStream());
            CompletableFuture<String> err = drain(p.getErrorStream());
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly().waitFor();
                throw new AssertionError(mainClass.getSimpleName() + " " + String.join(" ", args)
                        + " still running after " + timeout.toMillis() + " ms; stdout: " + out.join() + "; stderr: "
                        + err.join());
            }
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            return new JavaProcess(p.exitValue(), out.join(), err.join(), took);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static CompletableFuture<String> drain(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try (in) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
