package dev.ladder.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ladder.config.ConfigLoader;
import dev.ladder.config.LadderConfig;
import dev.ladder.store.JdbcAccessStore;
import dev.ladder.wire.Json;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11 in separate processes: a gateway without auth refuses a non-loopback address (exit 2), and the spend
 * ledger keeps every acknowledged request when the gateway is killed with {@code kill -9} under load.
 */
class KeysProcessTest {

    static final String MASTER = "master-kill-test-8e21";

    @TempDir
    Path dir;

    @Test
    void aNonLoopbackBindWithoutAuthExitsWith2AndSaysWhy() throws Exception {
        Path config = demoConfig();
        JavaProcess run = JavaProcess.run(Duration.ofSeconds(30), Map.of("LADDER_MASTER_KEY", "",
                "LADDER_ADMIN_KEY", "", "LADDER_MASTER_KEY_FILE", ""), Main.class, "serve", "--config",
                config.toString(), "--host", "0.0.0.0", "--port", "0", "--data-dir", dir.resolve("data").toString());
        assertThat(run.exit()).as(run.err()).isEqualTo(2);
        assertThat(run.err()).contains("refusing to listen on 0.0.0.0 without auth").contains("LADDER_MASTER_KEY")
                .contains("--insecure-no-auth");
    }

    @Test
    @Tag("slow")
    void killNineUnderLoadLosesNoAcknowledgedRequestFromTheLedger() throws Exception {
        Path data = dir.resolve("data");
        Process gateway = startGateway(demoConfig(), data);
        Map<String, Double> acknowledged = new ConcurrentHashMap<>();
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            String base = awaitListening(gateway);
            String secret = Json.read(send(http, base + "/admin/keys", MASTER, "{\"budget_usd\":1000}").body())
                    .path("key").asText();
            AtomicBoolean stop = new AtomicBoolean();
            try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int t = 0; t < 32; t++) {
                    int thread = t;
                    pool.submit(() -> {
                        for (int i = 0; !stop.get(); i++) {
                            try {
                                HttpResponse<String> r = send(http, base + "/v1/chat/completions", secret,
                                        "{\"model\":\"ladder/auto\",\"max_tokens\":50,\"messages\":[{\"role\":\"user\","
                                                + "\"content\":\"request " + thread + "-" + i + "\"}]}");
                                if (r.statusCode() == 200) {
                                    acknowledged.put(r.headers().firstValue("x-ladder-request-id").orElseThrow(),
                                            Double.parseDouble(r.headers().firstValue("x-ladder-cost-usd")
                                                    .orElseThrow()));
                                }
                            } catch (Exception e) {
                                return; // the gateway is gone
                            }
                        }
                    });
                }
                // load until enough requests were answered (a busy machine answers fewer per second), then kill
                long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (acknowledged.size() < 40 && System.nanoTime() < giveUp) {
                    Thread.sleep(20);
                }
                gateway.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no flush
                gateway.waitFor(10, TimeUnit.SECONDS);
                stop.set(true);
            }
        } finally {
            gateway.destroyForcibly();
        }
        assertThat(acknowledged).as("requests answered before the kill").hasSizeGreaterThan(20);

        Map<String, Long> ledger;
        try (JdbcAccessStore store = JdbcAccessStore.open(data.resolve(JdbcAccessStore.FILE_NAME))) {
            ledger = store.ledgerAmounts();
        }
        assertThat(ledger.keySet()).as("acknowledged requests missing from the ledger")
                .containsAll(acknowledged.keySet());
        double acknowledgedUsd = acknowledged.values().stream().mapToDouble(Double::doubleValue).sum();

        // restarted, the gateway counts what the ledger holds (unsettled at their reserved amount)
        LadderConfig cfg = ConfigLoader.loadDemo(data);
        cfg = cfg.withServer(cfg.server().withPort(0).withHost("127.0.0.1").withDataDir(data));
        try (Gateway restarted = Gateway.start(cfg, InstantSource.system(), Optional.of(MASTER));
                HttpClient http = HttpClient.newHttpClient()) {
            JsonNode spend = Json.read(http.send(HttpRequest.newBuilder(URI.create(restarted.baseUrl()
                    + "/admin/spend?by=key")).header("Authorization", "Bearer " + MASTER).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            double after = spend.path("data").get(0).path("cost_usd").asDouble();
            System.out.printf("kill -9: %d acknowledged (%.6f USD), %d in the ledger, spend after restart %.6f USD%n",
                    acknowledged.size(), acknowledgedUsd, ledger.size(), after);
            assertThat(after).isGreaterThanOrEqualTo(acknowledgedUsd - 1e-6 * acknowledged.size());
        }
    }

    @Test
    @Tag("slow")
    @org.junit.jupiter.api.Timeout(value = 3, unit = TimeUnit.MINUTES) // two JVMs start on a busy machine
    void twoGatewayProcessesSharingRedisNeverSpendMoreThanTheBudget() throws Exception {
        String redis = dev.ladder.testing.Required.redis();
        Path data = dir.resolve("data");
        Path config = demoConfig();
        double budgetUsd = 0.004;
        // two replicas: separate processes, the same key store (a shared data volume), budgets in one Redis
        Process a = startGateway(config, data, Map.of("LADDER_REDIS_URL", redis));
        Process b = startGateway(config, data, Map.of("LADDER_REDIS_URL", redis));
        List<Integer> statuses = new ArrayList<>();
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            String baseA = awaitListening(a);
            String baseB = awaitListening(b);
            String secret = Json.read(send(http, baseA + "/admin/keys", MASTER, "{\"budget_usd\":" + budgetUsd
                    + ",\"budget_period\":\"total\"}").body()).path("key").asText();
            List<java.util.concurrent.Future<HttpResponse<String>>> futures = new ArrayList<>();
            try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < 200; i++) {
                    String base = i % 2 == 0 ? baseA : baseB;
                    String body = "{\"model\":\"ladder/auto\",\"max_tokens\":100,\"messages\":[{\"role\":\"user\","
                            + "\"content\":\"Explain request " + i + " in one sentence.\"}]}";
                    futures.add(pool.submit(() -> send(http, base + "/v1/chat/completions", secret, body)));
                }
                for (var f : futures) {
                    HttpResponse<String> r = f.get();
                    statuses.add(r.statusCode());
                    if (r.statusCode() != 200) {
                        assertThat(r.statusCode()).as(r.body()).isEqualTo(429);
                        assertThat(Json.read(r.body()).path("error").path("code").asText())
                                .isEqualTo("budget_exceeded");
                    }
                }
            }
        } finally {
            // a normal stop (SIGTERM): each process settles what it holds before it exits
            a.destroy();
            b.destroy();
            a.waitFor(30, TimeUnit.SECONDS);
            b.waitFor(30, TimeUnit.SECONDS);
            a.destroyForcibly();
            b.destroyForcibly();
        }
        long ok = statuses.stream().filter(st -> st == 200).count();
        Map<String, Long> ledger;
        try (JdbcAccessStore store = JdbcAccessStore.open(data.resolve(JdbcAccessStore.FILE_NAME))) {
            ledger = store.ledgerAmounts();
        }
        long spent = ledger.values().stream().mapToLong(Long::longValue).sum();
        System.out.printf("two gateway processes on Redis: %d answered, %d budget_exceeded, spent %d of %d micro-USD%n",
                ok, statuses.size() - ok, spent, (long) (budgetUsd * 1e6));
        assertThat(ok).as("some requests fit, not all").isBetween(1L, 199L);
        assertThat(spent).as("micro-USD spent and held by both processes").isLessThanOrEqualTo((long) (budgetUsd * 1e6));
    }

    private Path demoConfig() throws Exception {
        try (InputStream in = ConfigLoader.class.getResourceAsStream("/dev/ladder/demo.yaml")) {
            return Files.write(dir.resolve("demo.yaml"), in.readAllBytes());
        }
    }

    private static Process startGateway(Path config, Path data) throws Exception {
        return startGateway(config, data, Map.of());
    }

    private static Process startGateway(Path config, Path data, Map<String, String> env) throws Exception {
        List<String> command = new ArrayList<>(List.of(JavaProcess.JAVA.toString(), "--enable-native-access=ALL-UNNAMED",
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), Main.class.getName(), "serve", "--config",
                config.toString(), "--port", "0", "--data-dir", data.toString()));
        ProcessBuilder pb = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("LADDER_MASTER_KEY", MASTER);
        pb.environment().putAll(env);
        return pb.start();
    }

    /** The base URL from the gateway's ready line. */
    private static String awaitListening(Process p) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        for (String line; (line = out.readLine()) != null; ) {
            int at = line.indexOf("http://");
            if (line.startsWith("Ladder listening on") && at >= 0) {
                return line.substring(at, line.indexOf(' ', at));
            }
        }
        throw new AssertionError("the gateway exited before it listened");
    }

    private static HttpResponse<String> send(HttpClient http, String url, String key, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
