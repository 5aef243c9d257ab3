package dev.ladder.testing;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ladder.wire.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a Node script of a test folder ({@code src/test/node-<topic>/}, its packages installed by
 * {@code npm ci --prefix <folder>}, as .ci/run does) and reads the one JSON line it prints. Needs {@code node} on the
 * PATH and the folder's {@code node_modules}: without them the test is skipped with a message, and fails in CI
 * ({@link Required}).
 */
public final class NodeScripts {

    private static final long TIMEOUT_SECONDS = 45;

    private final Path folder;

    private NodeScripts(Path folder) {
        this.folder = folder;
    }

    /** The folder {@code src/test/<name>}, checked for node and its installed packages. */
    public static NodeScripts in(String name) {
        Path folder = Path.of("src/test", name).toAbsolutePath();
        Required.present(Files.isDirectory(folder.resolve("node_modules")), "the npm packages of " + folder
                + " (run: npm ci --prefix " + Path.of("src/test", name) + ")");
        Required.present(onPath("node"), "node on the PATH (Node.js >= 20)");
        return new NodeScripts(folder);
    }

    /** Runs {@code script} with {@code args}; its last stdout line, parsed as JSON. Fails with stderr on exit != 0. */
    public JsonNode run(String script, String... args) {
        requireNonNull(script, "script is null");
        List<String> command = new ArrayList<>(List.of("node", script));
        command.addAll(List.of(args));
        try {
            Path err = Files.createTempFile("node-stderr", ".txt");
            Process p = new ProcessBuilder(command).directory(folder.toFile())
                    .redirectError(err.toFile()).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("node " + String.join(" ", args) + " did not finish in " + TIMEOUT_SECONDS
                        + " s");
            }
            String stderr = Files.readString(err);
            Files.deleteIfExists(err);
            if (p.exitValue() != 0) {
                throw new AssertionError("node " + script + " " + String.join(" ", args) + " failed (exit "
                        + p.exitValue() + "):\n" + stderr + out);
            }
            String[] lines = out.strip().split("\n");
            return Json.read(lines[lines.length - 1]);
        } catch (IOException e) {
            throw new AssertionError("cannot run node: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static boolean onPath(String binary) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, binary))) {
                return true;
            }
        }
        return false;
    }
}
