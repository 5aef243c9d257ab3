package dev.ladder.e2e;

import static dev.ladder.e2e.KeysEndToEndTest.MASTER;
import static dev.ladder.e2e.KeysEndToEndTest.createKey;
import static dev.ladder.e2e.KeysEndToEndTest.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.UnauthorizedException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.ladder.wire.Json;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11: the official OpenAI Java SDK and the Node {@code openai} package work with a virtual key and wait for
 * the gateway's 429 {@code Retry-After} with their own retries. The key's 60-request bucket is emptied while the
 * gateway's clock stands still; the clock then runs, so the bucket holds a request again one second later: the
 * client's first try is refused, its retry after the Retry-After is answered (for Node, whose clock starts at the
 * first refusal, the first retry may come a hair early and the second is answered).
 */
@Tag("slow")
class SdkWithVirtualKeysTest {

    @TempDir
    Path dir;

    @Test
    void theJavaSdkWorksWithAVirtualKeyAndWaitsForRetryAfter() throws Exception {
        PausableClock clock = new PausableClock();
        try (TestGateway gw = TestGateway.demoWithKeys(dir, MASTER, clock)) {
            String secret = createKey(gw, "{\"rpm\":60}").path("key").asText();
            OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(gw.baseUrl() + "/v1").apiKey(secret)
                    .maxRetries(2).timeout(Duration.ofSeconds(30)).build();
            OpenAIClient wrong = OpenAIOkHttpClient.builder().baseUrl(gw.baseUrl() + "/v1")
                    .apiKey("sk-ladder-not-a-key").maxRetries(0).build();
            try {
                Assertions.assertThatThrownBy(() -> wrong.chat().completions().create(params()))
                        .isInstanceOf(UnauthorizedException.class);
                assertThat(client.chat().completions().create(params()).choices()).isNotEmpty();
                drain(gw, secret, 59);
                clock.run();
                ChatCompletion answer = client.chat().completions().create(params());
                assertThat(answer.choices().getFirst().message().content()).isPresent();
                assertThat(rejections(gw)).as("the SDK's first try was refused, its retry answered").isEqualTo(1.0);
            } finally {
                client.close();
                wrong.close();
            }
        }
    }

    @Test
    void theNodeOpenAiPackageWorksWithAVirtualKeyAndWaitsForRetryAfter() throws Exception {
        Optional<Path> node = onPath("node");
        Path project = NodeOpenAiClientTest.NODE_PROJECT;
        requireUnderCi(node.isPresent() && Files.isRegularFile(project.resolve("node_modules/openai/package.json")),
                "node and the openai package in src/test/node (npm ci --prefix src/test/node)");
        PausableClock clock = new PausableClock();
        try (TestGateway gw = TestGateway.demoWithKeys(dir, MASTER, clock)) {
            String secret = createKey(gw, "{\"rpm\":60}").path("key").asText();
            OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(gw.baseUrl() + "/v1").apiKey(secret)
                    .maxRetries(0).build();
            try {
                assertThat(client.chat().completions().create(params()).choices()).isNotEmpty();
                drain(gw, secret, 59);
            } finally {
                client.close();
            }
            // node starts slower than the bucket refills: the clock runs from the package's first refused try
            Thread watcher = Thread.ofVirtual().start(() -> {
                try {
                    while (rejections(gw) < 1) {
                        Thread.sleep(5);
                    }
                } catch (Exception e) {
                    // the gateway is closing
                } finally {
                    clock.run();
                }
            });
            Path out = dir.resolve("node.out");
            Process p = new ProcessBuilder(node.get().toString(), project.resolve("retry-after.mjs").toString(),
                    gw.baseUrl(), secret).directory(project.toFile()).redirectOutput(out.toFile())
                    .redirectError(dir.resolve("node.err").toFile()).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail("retry-after.mjs did not finish");
            }
            JsonNode seen = Json.read(Files.readString(out).strip().lines().reduce((a, b) -> b).orElse("{}"));
            assertThat(p.exitValue()).as(seen.toString()).isZero();
            watcher.join(5_000);
            System.out.println("node retry-after run: " + seen);
            assertThat(seen.path("status").asInt()).isEqualTo(200);
            assertThat(seen.path("elapsedMs").asLong()).as("waited for Retry-After: 1").isGreaterThanOrEqualTo(1000);
            assertThat(rejections(gw)).as("refused, then answered after the wait").isBetween(1.0, 2.0);
        }
    }

    /** {@code n} requests at once: with the clock standing still they take the bucket's {@code n} tokens. */
    private static void drain(TestGateway gw, String secret, int n) throws Exception {
        List<java.net.http.HttpResponse<String>> all = KeysEndToEndTest.concurrently(n, i -> {
            try {
                return gw.post("/v1/chat/completions", TestGateway.chat("ladder/auto", "What is 2 + 2?"),
                        "Authorization", "Bearer " + secret);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(all).allSatisfy(r -> assertThat(r.statusCode()).isEqualTo(200));
    }

    private static double rejections(TestGateway gw) throws Exception {
        for (String line : get(gw, "/metrics", MASTER).body().lines().toList()) {
            if (line.startsWith("ladder_rate_limit_rejections_total{bucket=\"requests\",owner=\"key\"}")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return 0;
    }

    private static ChatCompletionCreateParams params() {
        return ChatCompletionCreateParams.builder().model("ladder/auto").addUserMessage("What is 2 + 2?")
                .maxCompletionTokens(20).build();
    }

    /** Stands still until {@link #run()}, then moves with the system clock from where it stood. */
    static final class PausableClock implements InstantSource {
        private final Instant frozenAt = Instant.now();
        private final AtomicReference<Long> runningSince = new AtomicReference<>();

        void run() {
            runningSince.set(System.nanoTime());
        }

        @Override
        public Instant instant() {
            Long since = runningSince.get();
            return since == null ? frozenAt : frozenAt.plusNanos(System.nanoTime() - since);
        }
    }

    private static void requireUnderCi(boolean present, String what) {
        if (present) {
            return;
        }
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail("CI=true, and " + what + " is missing");
        }
        Assumptions.abort("skipped: " + what + " is missing (under CI=true this fails)");
    }

    private static Optional<Path> onPath(String name) {
        for (String d : List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))) {
            Path p = Path.of(d, name);
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
