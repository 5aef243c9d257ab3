package dev.ladder.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ladder.providers.RecordedRequest;
import dev.ladder.providers.openai.FakeOpenAiServer;
import dev.ladder.wire.Json;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 10, the Node half: a streamed tool call through cascade or race is assembled by the official {@code openai}
 * npm package, both by {@code chat.completions.stream(...).finalChatCompletion()} and by {@code runTools}, which
 * must call the function with the parsed arguments and end with the text the upstream answers after the tool
 * result. The client side is {@code src/test/node/tool-calls.mjs}; its package is installed by
 * {@code ./ladder test} and {@code .ci/run} ({@code npm ci --prefix src/test/node}). Without node or that package
 * the test is skipped, except under {@code CI=true}, where it fails.
 */
class NodeOpenAiClientTest {

    static final Path NODE_PROJECT = Path.of("src", "test", "node").toAbsolutePath();
    static final Path SCRIPT = NODE_PROJECT.resolve("tool-calls.mjs");
    static final long TIMEOUT_SECONDS = 60;

    static final Optional<Path> NODE = onPath("node");

    @TempDir
    Path dataDir;

    /** Per test, not per class, so that each skipped case shows as skipped with its reason. */
    @BeforeEach
    void requireNodeAndTheOpenAiPackage() {
        requireUnderCi(NODE.isPresent(), "node is not on the PATH (install Node.js 20 or newer)");
        requireUnderCi(Files.isRegularFile(NODE_PROJECT.resolve("node_modules/openai/package.json")),
                "the openai npm package is not installed in src/test/node (run: npm ci --prefix src/test/node)");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"cascade", "race"})
    void theNodeOpenAiPackageAssemblesAStreamedToolCallAndRunsTheTool(String strategy) throws Exception {
        try (FakeOpenAiServer up = FakeOpenAiServer.start()) {
            up.toolCall("up-small", "call_small_1", "get_weather", StreamedToolCallsTest.ARGUMENTS, 40, 12)
                    .toolCall("up-mid", "call_mid_1", "get_weather", StreamedToolCallsTest.ARGUMENTS, 40, 12)
                    .toolCall("up-big", "call_big_1", "get_weather", StreamedToolCallsTest.ARGUMENTS, 40, 12);
            try (TestGateway gw = TestGateway.start(StreamedToolCallsTest.yaml(up), dataDir)) {
                Run run = runScript(gw.baseUrl(), strategy);

                assertThat(run.exitCode()).as("exit code of tool-calls.mjs\n%s", run).isZero();
                JsonNode seen = run.lastJsonLine();
                assertThat(seen.path("mismatches")).as("%s", run).isEmpty();
                assertThat(seen.path("stream").path("finishReason").asText()).isEqualTo("tool_calls");
                assertThat(seen.path("stream").path("name").asText()).isEqualTo("get_weather");
                assertThat(seen.path("stream").path("arguments").asText())
                        .isEqualTo(StreamedToolCallsTest.ARGUMENTS);
                assertThat(seen.path("stream").path("id").asText()).isIn("call_small_1", "call_mid_1", "call_big_1");

                JsonNode tools = seen.path("runTools");
                assertThat(tools.path("invocations")).singleElement()
                        .isEqualTo(Json.read(StreamedToolCallsTest.ARGUMENTS));
                assertThat(tools.path("content").asText()).isEqualTo(FakeOpenAiServer.TOOL_RESULT_ANSWER);
                assertThat(toolResultsSentUpstream(up)).as("tool_call_id of the tool messages the upstream got")
                        .isNotEmpty().allSatisfy(id -> assertThat(id).isEqualTo(tools.path("callId").asText()));
            }
        }
    }

    /** The {@code tool_call_id} of every tool message the upstream received: runTools' answers to the call. */
    private static List<String> toolResultsSentUpstream(FakeOpenAiServer up) {
        return up.requests().stream().map(RecordedRequest::json)
                .flatMap(body -> body.path("messages").valueStream())
                .filter(m -> "tool".equals(m.path("role").asText()))
                .map(m -> m.path("tool_call_id").asText()).toList();
    }

    private Run runScript(String baseUrl, String strategy) throws IOException, InterruptedException {
        Path out = dataDir.resolve("node.out");
        Path err = dataDir.resolve("node.err");
        long start = System.nanoTime();
        Process p = new ProcessBuilder(NODE.orElseThrow().toString(), SCRIPT.toString(), baseUrl, strategy)
                .directory(NODE_PROJECT.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            fail("tool-calls.mjs did not finish within %d s\nstdout: %s\nstderr: %s", TIMEOUT_SECONDS,
                    Files.readString(out), Files.readString(err));
        }
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err),
                Duration.ofNanos(System.nanoTime() - start));
    }

    record Run(int exitCode, String stdout, String stderr, Duration took) {

        JsonNode lastJsonLine() throws IOException {
            List<String> lines = stdout.strip().lines().toList();
            assertThat(lines).as("stdout of tool-calls.mjs\n%s", this).isNotEmpty();
            return Json.read(lines.getLast());
        }

        @Override
        public String toString() {
            return "exit " + exitCode + " after " + took.toMillis() + " ms\nstdout: " + stdout.strip()
                    + "\nstderr: " + stderr.strip();
        }
    }

    /** Skips the test outside CI when {@code present} is false; fails it under {@code CI=true}. */
    static void requireUnderCi(boolean present, String what) {
        if (present) {
            return;
        }
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail("CI=true, and " + what);
        }
        Assumptions.abort("skipped: " + what + " (under CI=true this fails)");
    }

    private static Optional<Path> onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
