package dev.ladder.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ladder.config.ConfigLoader;
import dev.ladder.config.LadderConfig;
import dev.ladder.wire.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14: the official {@code openai} npm package runs OpenAI's Batch API against the demo (simulated providers):
 * {@code files.create} -> {@code batches.create} -> poll {@code batches.retrieve} -> {@code files.content}, 1,000
 * lines. Every custom_id comes back answered exactly once, and the batch's metadata carries its cost and tier mix.
 * The client side is {@code src/test/node/batch.mjs}.
 */
class NodeBatchRoundTripTest {

    static final int LINES = 1000;

    @TempDir
    Path dataDir;

    @BeforeEach
    void requireNodeAndTheOpenAiPackage() {
        NodeOpenAiClientTest.requireUnderCi(NodeOpenAiClientTest.NODE.isPresent(),
                "node is not on the PATH (install Node.js 20 or newer)");
        NodeOpenAiClientTest.requireUnderCi(Files.isRegularFile(NodeOpenAiClientTest.NODE_PROJECT
                .resolve("node_modules/openai/package.json")),
                "the openai npm package is not installed in src/test/node (run: npm ci --prefix src/test/node)");
    }

    @Test
    void aThousandLineBatchRoundTripsThroughTheNodeOpenAiPackage() throws Exception {
        LadderConfig demo = ConfigLoader.loadDemo(dataDir);
        LadderConfig cfg = demo.withServer(demo.server().withPort(0).withHost("127.0.0.1").withDataDir(dataDir))
                .withJobs(demo.jobs().withConcurrency(256).withPollInterval(Duration.ofMillis(20)));
        try (TestGateway gw = TestGateway.of(cfg, InstantSource.system())) {
            JsonNode seen = run(gw.baseUrl());

            assertThat(seen.path("filePurpose").asText()).isEqualTo("batch");
            assertThat(seen.path("createdStatus").asText()).isEqualTo("in_progress");
            assertThat(seen.path("status").asText()).as("%s", seen).isEqualTo("completed");
            assertThat(seen.path("outputLines").asInt()).isEqualTo(LINES);
            assertThat(seen.path("uniqueCustomIds").asInt()).isEqualTo(LINES);
            assertThat(seen.path("answered").asInt()).isEqualTo(LINES);
            assertThat(seen.path("missing")).isEmpty();
            assertThat(seen.path("errorFileId").isNull()).as("no error file").isTrue();
            assertThat(seen.path("requestCounts").path("total").asInt()).isEqualTo(LINES);
            assertThat(seen.path("requestCounts").path("completed").asInt()).isEqualTo(LINES);
            assertThat(seen.path("requestCounts").path("failed").asInt()).isZero();
            assertThat(seen.path("listedIds").toString()).contains(seen.path("batchId").asText());

            JsonNode metadata = seen.path("metadata");
            assertThat(metadata.path("run").asText()).isEqualTo("node-round-trip");
            assertThat(Double.parseDouble(metadata.path("ladder_cost_usd").asText())).isPositive();
            JsonNode mix = Json.read(metadata.path("ladder_tier_mix").asText());
            int served = 0;
            for (String tier : List.of("simple", "medium", "complex")) {
                served += mix.path(tier).asInt();
            }
            assertThat(served).as("tier mix %s", mix).isEqualTo(LINES);
        }
    }

    private JsonNode run(String baseUrl) throws Exception {
        Path out = dataDir.resolve("node.out");
        Path err = dataDir.resolve("node.err");
        Process p = new ProcessBuilder(NodeOpenAiClientTest.NODE.orElseThrow().toString(),
                NodeOpenAiClientTest.NODE_PROJECT.resolve("batch.mjs").toString(), baseUrl, Integer.toString(LINES))
                .directory(NodeOpenAiClientTest.NODE_PROJECT.toFile()).redirectOutput(out.toFile())
                .redirectError(err.toFile()).start();
        if (!p.waitFor(55, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            fail("batch.mjs did not finish\nstdout: %s\nstderr: %s", Files.readString(out), Files.readString(err));
        }
        assertThat(p.exitValue()).as("batch.mjs\nstdout: %s\nstderr: %s", Files.readString(out),
                Files.readString(err)).isZero();
        List<String> lines = Files.readString(out).strip().lines().toList();
        return Json.read(lines.getLast());
    }
}
