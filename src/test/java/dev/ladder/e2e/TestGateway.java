package dev.ladder.e2e;

import dev.ladder.cli.Gateway;
import dev.ladder.config.ConfigLoader;
import dev.ladder.config.LadderConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;

/** A real gateway on an ephemeral loopback port, built from YAML, with its decision log in a temp dir. */
final class TestGateway implements AutoCloseable {

    final Gateway gateway;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private TestGateway(Gateway gateway) {
        this.gateway = gateway;
    }

    static TestGateway start(String yaml, Path dataDir) {
        return start(yaml, dataDir, Map.of());
    }

    static TestGateway start(String yaml, Path dataDir, Map<String, String> env) {
        return start(yaml, dataDir, env, InstantSource.system());
    }

    /** A gateway whose clock (latencies, cache expiry) is {@code clock}. */
    static TestGateway start(String yaml, Path dataDir, Map<String, String> env, InstantSource clock) {
        LadderConfig cfg = ConfigLoader.parse(yaml, dataDir, env);
        cfg = cfg.withServer(cfg.server().withPort(0).withHost("127.0.0.1").withDataDir(dataDir));
        return new TestGateway(Gateway.start(cfg, clock));
    }

    /** A gateway on {@code yaml} with {@code masterKey} as its master key (virtual keys on). */
    static TestGateway startWithKeys(String yaml, Path dataDir, String masterKey) {
        LadderConfig cfg = ConfigLoader.parse(yaml, dataDir, Map.of());
        cfg = cfg.withServer(cfg.server().withPort(0).withHost("127.0.0.1").withDataDir(dataDir));
        return new TestGateway(Gateway.start(cfg, InstantSource.system(), new dev.ladder.cli.KeysWiring.Options(
                java.util.Optional.of(masterKey), java.util.Optional.empty()), false));
    }

    /** A gateway on {@code cfg} as given (port, host and data directory included). */
    static TestGateway of(LadderConfig cfg, InstantSource clock) {
        return new TestGateway(Gateway.start(cfg, clock));
    }

    /** The gateway itself (its job queue, outbox, workers). */
    Gateway gateway() {
        return gateway;
    }

    static TestGateway demo(Path dataDir) {
        LadderConfig cfg = ConfigLoader.loadDemo(dataDir);
        cfg = cfg.withServer(cfg.server().withPort(0).withHost("127.0.0.1").withDataDir(dataDir));
        return new TestGateway(Gateway.start(cfg, InstantSource.system()));
    }

    /** The demo with virtual keys on: {@code masterKey} is the master key, the clock is {@code clock}. */
    static TestGateway demoWithKeys(Path dataDir, String masterKey, InstantSource clock) {
        return demoWithKeys(dataDir, masterKey, clock, java.util.Optional.empty());
    }

    /** As above, with budgets and rate limits in the Redis at {@code redisUrl} when there is one. */
    static TestGateway demoWithKeys(Path dataDir, String masterKey, InstantSource clock,
            java.util.Optional<String> redisUrl) {
        LadderConfig cfg = ConfigLoader.loadDemo(dataDir);
        cfg = cfg.withServer(cfg.server().withPort(0).withHost("127.0.0.1").withDataDir(dataDir));
        return new TestGateway(Gateway.start(cfg, clock, new dev.ladder.cli.KeysWiring.Options(
                java.util.Optional.of(masterKey), redisUrl), false));
    }

    /** A gateway on {@code cfg} as given, with {@code masterKey} and budgets and rate limits in {@code redisUrl}. */
    static TestGateway withKeys(LadderConfig cfg, String masterKey, java.util.Optional<String> redisUrl,
            InstantSource clock) {
        return new TestGateway(Gateway.start(cfg, clock, new dev.ladder.cli.KeysWiring.Options(
                java.util.Optional.of(masterKey), redisUrl), false));
    }

    /** As {@link #demoWithKeys(Path, String, InstantSource)}, with webhook events sent to {@code webhookUrl}. */
    static TestGateway demoWithKeysAndWebhooks(Path dataDir, String masterKey, String webhookUrl) {
        LadderConfig cfg = ConfigLoader.loadDemo(dataDir);
        cfg = cfg.withServer(cfg.server().withPort(0).withHost("127.0.0.1").withDataDir(dataDir))
                .withWebhooks(cfg.webhooks().withUrl(webhookUrl));
        return new TestGateway(Gateway.start(cfg, InstantSource.system(), new dev.ladder.cli.KeysWiring.Options(
                java.util.Optional.of(masterKey), java.util.Optional.empty()), false));
    }

    String baseUrl() {
        return gateway.baseUrl();
    }

    HttpResponse<String> post(String path, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> delete(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(30)).DELETE()
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static String chat(String model, String userText) {
        return "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":"
                + dev.ladder.wire.Json.write(dev.ladder.wire.Json.NODES.textNode(userText)) + "}]}";
    }

    @Override
    public void close() {
        gateway.close();
        http.close();
    }
}
