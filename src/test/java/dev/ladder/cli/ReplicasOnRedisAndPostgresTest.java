package dev.ladder.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ladder.config.ConfigLoader;
import dev.ladder.testing.LocalPostgres;
import dev.ladder.testing.Required;
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
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 16: two stateless replicas, two {@code ladder serve} processes with data directories of their own, share
 * one PostgreSQL database (a fresh one for this class) and one Redis, named once in the config's {@code state}
 * section. A budget holds across both under 200 concurrent requests and the PostgreSQL ledger agrees with what was
 * answered; an answer cached through one is a hit on the other; a key created on one and revoked on the other is
 * refused by both; jobs queued through both are drained by both, each exactly once.
 */
@Tag("slow")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReplicasOnRedisAndPostgresTest {

    static final String MASTER = "master-replicas-5c1f";
    static final Duration WAIT = Duration.ofSeconds(60);

    private Path dir;
    private String database;
    private Process a;
    private Process b;
    private String baseA;
    private String baseB;
    private HttpClient http;

    @BeforeAll
    @Timeout(value = 3, unit = TimeUnit.MINUTES) // two JVMs start on a busy machine
    void startTwoReplicas() throws Exception {
        String redis = Required.redis();
        database = LocalPostgres.freshDatabase(Required.postgres());
        dir = Files.createTempDirectory("ladder-replicas");
        String config;
        try (InputStream in = ConfigLoader.class.getResourceAsStream("/dev/ladder/demo.yaml")) {
            config = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        // one state section for every shared part; a key prefix of its own so that other tests' entries never hit
        config += """

                state:
                  database: ${REPLICAS_DATABASE}
                  redis: ${REPLICAS_REDIS}
                cache:
                  exact: {enabled: true}
                  redis: {key_prefix: "ladder:replicas-%s:"}
                jobs:
                  poll_interval: 50ms
                """.formatted(UUID.randomUUID());
        Path file = Files.writeString(dir.resolve("ladder.yaml"), config);
        Map<String, String> env = Map.of("REPLICAS_DATABASE", database, "REPLICAS_REDIS", redis);
        a = start(file, dir.resolve("data-a"), env, dir.resolve("a.err"));
        b = start(file, dir.resolve("data-b"), env, dir.resolve("b.err"));
        baseA = awaitListening(a, dir.resolve("a.err"));
        baseB = awaitListening(b, dir.resolve("b.err"));
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    void stopReplicas() throws Exception {
        for (Process p : new Process[] {a, b}) {
            if (p != null) {
                p.destroy();
                p.waitFor(30, TimeUnit.SECONDS);
                p.destroyForcibly();
            }
        }
        if (http != null) {
            http.close();
        }
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void a_budget_holds_across_both_replicas_under_200_concurrent_requests_and_the_ledger_agrees() throws Exception {
        long budgetMicros = 4_000;
        JsonNode key = createKey(baseA, "{\"budget_usd\":" + budgetMicros / 1e6 + ",\"budget_period\":\"total\"}");
        String secret = key.path("key").asText();
        Map<String, Long> answered = new HashMap<>();
        Map<String, Integer> okBy = new HashMap<>(Map.of("A", 0, "B", 0));
        int refused = 0;
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<HttpResponse<String>>> futures = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                String base = i % 2 == 0 ? baseA : baseB;
                String body = "{\"model\":\"ladder/auto\",\"max_tokens\":100,\"messages\":[{\"role\":\"user\","
                        + "\"content\":\"Budget request " + i + ": explain it in one sentence.\"}]}";
                futures.add(pool.submit(() -> send(base + "/v1/chat/completions", secret, body)));
            }
            for (int i = 0; i < futures.size(); i++) {
                HttpResponse<String> r = futures.get(i).get();
                if (r.statusCode() == 200) {
                    answered.put(r.headers().firstValue("x-ladder-request-id").orElseThrow(),
                            Math.round(Double.parseDouble(r.headers().firstValue("x-ladder-cost-usd").orElseThrow())
                                    * 1e6));
                    okBy.merge(i % 2 == 0 ? "A" : "B", 1, Integer::sum);
                } else {
                    assertThat(r.statusCode()).as(r.body()).isEqualTo(429);
                    assertThat(Json.read(r.body()).path("error").path("code").asText()).isEqualTo("budget_exceeded");
                    refused++;
                }
            }
        }
        String keyId = key.path("id").asText();
        awaitZero("SELECT COUNT(*) FROM ledger WHERE key_id = ? AND settled_at IS NULL", keyId);
        Map<String, Long> ledger = new HashMap<>();
        try (Connection c = DriverManager.getConnection(database); PreparedStatement p = c.prepareStatement(
                "SELECT request_id, COALESCE(actual_micros, reserved_micros) FROM ledger WHERE key_id = ?")) {
            p.setString(1, keyId);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    ledger.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        long spent = ledger.values().stream().mapToLong(Long::longValue).sum();
        long answeredMicros = answered.values().stream().mapToLong(Long::longValue).sum();
        System.out.printf("replicas, budget: 200 concurrent requests over A and B: %d answered (A %d, B %d), %d "
                + "budget_exceeded; PostgreSQL ledger: %d rows, spent %d of %d micro-USD; answered costs sum to %d "
                + "micro-USD%n", answered.size(), okBy.get("A"), okBy.get("B"), refused, ledger.size(), spent,
                budgetMicros, answeredMicros);
        assertThat(answered.size()).as("some requests fit, not all").isBetween(1, 199);
        assertThat(okBy.values()).as("both replicas answered some").allSatisfy(n -> assertThat(n).isPositive());
        assertThat(spent).as("micro-USD spent across both replicas").isLessThanOrEqualTo(budgetMicros);
        assertThat(ledger.keySet()).as("answered requests in the shared ledger").containsAll(answered.keySet());
        assertThat(spent).as("the ledger's spend is what was answered (headers round to the micro-dollar)")
                .isCloseTo(answeredMicros, org.assertj.core.data.Offset.offset((long) answered.size() + 1));
    }

    @Test
    void an_answer_cached_through_one_replica_is_a_hit_on_the_other() throws Exception {
        String secret = createKey(baseA, "{}").path("key").asText();
        String body = "{\"model\":\"ladder/auto\",\"max_tokens\":60,\"messages\":[{\"role\":\"user\",\"content\":"
                + "\"Cache me once: " + UUID.randomUUID() + "\"}]}";
        HttpResponse<String> first = send(baseA + "/v1/chat/completions", secret, body);
        HttpResponse<String> second = send(baseB + "/v1/chat/completions", secret, body);
        String cacheA = first.headers().firstValue("x-ladder-cache").orElse("(none)");
        String cacheB = second.headers().firstValue("x-ladder-cache").orElse("(none)");
        System.out.printf("replicas, cache: A answered with x-ladder-cache: %s, B with x-ladder-cache: %s%n", cacheA,
                cacheB);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        assertThat(second.statusCode()).as(second.body()).isEqualTo(200);
        assertThat(cacheA).isEqualTo("miss");
        assertThat(cacheB).isEqualTo("exact");
        assertThat(Json.read(second.body()).path("choices")).isEqualTo(Json.read(first.body()).path("choices"));
        // both replicas log to the one decision log
        String idA = first.headers().firstValue("x-ladder-request-id").orElseThrow();
        String idB = second.headers().firstValue("x-ladder-request-id").orElseThrow();
        awaitZero("SELECT 2 - COUNT(*) FROM decisions WHERE request_id IN (?, ?)", idA, idB);
        assertThat(queryStrings("SELECT cache_status FROM decisions WHERE request_id IN (?, ?) ORDER BY cache_status",
                idA, idB)).containsExactly("exact", "miss");
    }

    @Test
    void a_key_created_on_one_replica_and_revoked_on_the_other_is_refused_by_both() throws Exception {
        JsonNode key = createKey(baseA, "{\"name\":\"revoke-me\"}");
        String secret = key.path("key").asText();
        String body = "{\"model\":\"ladder/auto\",\"max_tokens\":20,\"messages\":[{\"role\":\"user\","
                + "\"content\":\"hello\"}]}";
        assertThat(send(baseA + "/v1/chat/completions", secret, body).statusCode()).isEqualTo(200);
        assertThat(send(baseB + "/v1/chat/completions", secret, body).statusCode()).isEqualTo(200);

        HttpResponse<String> revoked = http.send(HttpRequest.newBuilder(URI.create(baseB + "/admin/keys/"
                + key.path("id").asText())).header("Authorization", "Bearer " + MASTER).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);
        // no key is cached in a process: the very next request on either replica reads the revocation
        HttpResponse<String> onA = send(baseA + "/v1/chat/completions", secret, body);
        HttpResponse<String> onB = send(baseB + "/v1/chat/completions", secret, body);
        System.out.printf("replicas, revocation: created on A, revoked on B; next request on A: %d, on B: %d%n",
                onA.statusCode(), onB.statusCode());
        for (HttpResponse<String> r : List.of(onA, onB)) {
            assertThat(r.statusCode()).as(r.body()).isEqualTo(401);
            assertThat(Json.read(r.body()).path("error").path("message").asText()).containsIgnoringCase("revoked");
        }
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void jobs_queued_through_both_replicas_are_drained_by_both_each_exactly_once() throws Exception {
        int jobs = 200;
        String secret = createKey(baseB, "{}").path("key").asText();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < jobs; i++) {
            String base = i % 2 == 0 ? baseA : baseB;
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/chat/completions"))
                    .timeout(Duration.ofSeconds(20)).header("Authorization", "Bearer " + secret)
                    .header("Content-Type", "application/json").header("x-ladder-async", "true")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"ladder/auto\",\"max_tokens\":30,"
                            + "\"messages\":[{\"role\":\"user\",\"content\":\"Job " + i + "\"}]}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
            ids.add(Json.read(r.body()).path("id").asText());
        }
        String in = String.join(",", ids.stream().map(id -> "'" + id + "'").toList());
        awaitZero("SELECT COUNT(*) FROM ladder_jobs WHERE state IN ('queued', 'running') AND id IN (" + in + ")");

        Map<String, Integer> byOwner = new HashMap<>();
        Set<String> requestIds = new HashSet<>();
        int succeeded = 0;
        int mostAttempts = 0;
        try (Connection c = DriverManager.getConnection(database); ResultSet rs = c.createStatement().executeQuery(
                "SELECT state, attempts, lease_owner, request_id FROM ladder_jobs WHERE id IN (" + in + ")")) {
            while (rs.next()) {
                succeeded += rs.getString(1).equals("succeeded") ? 1 : 0;
                mostAttempts = Math.max(mostAttempts, rs.getInt(2));
                byOwner.merge(rs.getString(3), 1, Integer::sum);
                requestIds.add(rs.getString(4));
            }
        }
        String requests = String.join(",", requestIds.stream().map(id -> "'" + id + "'").toList());
        awaitZero("SELECT " + requestIds.size() + " - COUNT(DISTINCT request_id) FROM decisions WHERE request_id IN ("
                + requests + ")");
        List<String> logged = queryStrings("SELECT request_id FROM decisions WHERE request_id IN (" + requests + ")");
        System.out.printf("replicas, jobs: %d queued through A and B, %d succeeded, most leases of a job %d, done by "
                + "worker: %s, %d decision rows for %d jobs%n", jobs, succeeded, mostAttempts, byOwner.values(),
                logged.size(), jobs);
        assertThat(succeeded).isEqualTo(jobs);
        assertThat(mostAttempts).as("most leases of a job").isEqualTo(1);
        assertThat(byOwner).as("both replicas' workers drained the queue").hasSize(2);
        assertThat(byOwner.values()).allSatisfy(n -> assertThat(n).isPositive());
        assertThat(requestIds).as("one request per job").hasSize(jobs);
        assertThat(logged).as("each job answered once: one row in the shared decision log").hasSize(jobs)
                .doesNotHaveDuplicates();
    }

    // ---- helpers ----

    private JsonNode createKey(String base, String json) throws Exception {
        HttpResponse<String> r = send(base + "/admin/keys", MASTER, json);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return Json.read(r.body());
    }

    private HttpResponse<String> send(String url, String key, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Polls the shared database until {@code sql} (one number) is 0, within {@link #WAIT}. */
    private void awaitZero(String sql, String... args) throws Exception {
        long giveUp = System.nanoTime() + WAIT.toNanos();
        long last = -1;
        while (System.nanoTime() < giveUp) {
            last = Long.parseLong(queryStrings(sql, args).getFirst());
            if (last == 0) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("still " + last + " after " + WAIT + ": " + sql);
    }

    private List<String> queryStrings(String sql, String... args) throws SQLException {
        try (Connection c = DriverManager.getConnection(database); PreparedStatement p = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                p.setString(i + 1, args[i]);
            }
            List<String> out = new ArrayList<>();
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        }
    }

    private static Process start(Path config, Path data, Map<String, String> env, Path stderr) throws Exception {
        List<String> command = new ArrayList<>(List.of(JavaProcess.JAVA.toString(), "--enable-native-access=ALL-UNNAMED",
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), Main.class.getName(), "serve", "--config",
                config.toString(), "--port", "0", "--data-dir", data.toString()));
        ProcessBuilder pb = new ProcessBuilder(command).redirectError(stderr.toFile());
        pb.environment().put("LADDER_MASTER_KEY", MASTER);
        // budgets must come from state.redis, not from the variable CI exports for other tests
        pb.environment().remove("LADDER_REDIS_URL");
        pb.environment().putAll(env);
        return pb.start();
    }

    /** The base URL from the gateway's ready line. */
    private static String awaitListening(Process p, Path stderr) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        for (String line; (line = out.readLine()) != null; ) {
            int at = line.indexOf("http://");
            if (line.startsWith("Ladder listening on") && at >= 0) {
                // keep draining stdout so the process never blocks on a full pipe
                Thread.ofVirtual().start(() -> out.lines().forEach(l -> { }));
                return line.substring(at, line.indexOf(' ', at));
            }
        }
        throw new AssertionError("the gateway exited before it listened:\n" + Files.readString(stderr));
    }
}
