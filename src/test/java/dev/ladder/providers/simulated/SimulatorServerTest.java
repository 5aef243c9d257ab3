package dev.ladder.providers.simulated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ladder.model.ChatResponse;
import dev.ladder.providers.simulated.SimulatedModelConfig.Answer;
import dev.ladder.providers.simulated.SimulatedModelConfig.FailureRates;
import dev.ladder.wire.Json;
import dev.ladder.wire.OpenAiJson;
import dev.ladder.wire.SseEvent;
import dev.ladder.wire.SseReader;
import dev.ladder.wire.StreamAssembler;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SimulatorServerTest {

    private static final Duration FAST_TTFT = Duration.ZERO;
    private static final double FAST_RATE = 100_000;
    private static final String LONG = "word ".repeat(400).strip();

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private SimulatorServer server;

    private static SimulatedModelConfig fast(String text, FailureRates rates) {
        return new SimulatedModelConfig(FAST_TTFT, FAST_RATE, Answer.canned(text), rates, true);
    }

    @BeforeEach
    void start() throws IOException {
        Map<String, SimulatedModelConfig> models = Map.ofEntries(
                Map.entry("fast", fast(Fixtures.CANNED, FailureRates.NONE)),
                Map.entry("slow", new SimulatedModelConfig(FAST_TTFT, 40, Answer.canned(LONG), FailureRates.NONE,
                        true)),
                Map.entry("e500", fast(Fixtures.CANNED, new FailureRates(1, 0, 0, 0))),
                Map.entry("e429", fast(Fixtures.CANNED, new FailureRates(0, 1, 0, 0))),
                Map.entry("hang", fast(Fixtures.CANNED, new FailureRates(0, 0, 1, 0))),
                Map.entry("cut", fast(LONG, new FailureRates(0, 0, 0, 1))),
                Map.entry("reset", fast(Fixtures.CANNED, new FailureRates(0, 0, 0, 0, 1, 0, 0))),
                Map.entry("stall", fast(LONG, new FailureRates(0, 0, 0, 0, 0, 1, 0))),
                Map.entry("garbled", fast(LONG, new FailureRates(0, 0, 0, 0, 0, 0, 1))));
        SimulatedEngine engine = new SimulatedEngine(models, new SplittableRandom(1), Sleeper.real(),
                InstantSource.system());
        server = new SimulatorServer("127.0.0.1", 0, engine, Duration.ofSeconds(60)).start();
    }

    @AfterEach
    void stop() {
        server.close();
        client.close();
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    private static String body(String model, Consumer<ObjectNode> extra) {
        ObjectNode body = Json.object();
        body.put("model", model);
        body.putArray("messages").addObject().put("role", "user").put("content", "hello");
        extra.accept(body);
        return Json.write(body);
    }

    private HttpRequest.Builder post(String json) {
        return HttpRequest.newBuilder(uri("/v1/chat/completions")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
    }

    private HttpResponse<String> send(String json) throws Exception {
        return client.send(post(json).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> r) throws IOException {
        return Json.read(r.body());
    }

    /** Events until the stream ends; an IOException (a dropped connection) ends it too and is returned. */
    private static Optional<IOException> readEvents(InputStream in, List<SseEvent> events) {
        try (SseReader reader = new SseReader(in)) {
            Optional<SseEvent> e;
            while ((e = reader.next()).isPresent()) {
                events.add(e.get());
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of(e);
        }
    }

    private static StreamAssembler assemble(List<SseEvent> events) throws IOException {
        StreamAssembler a = new StreamAssembler();
        for (SseEvent e : events) {
            if (!e.isDone()) {
                a.add(OpenAiJson.parseChunk(Json.read(e.data())));
            }
        }
        return a;
    }

    private JsonNode statsOf(String model) throws Exception {
        return json(get("/sim/stats")).path("models").path(model);
    }

    private JsonNode awaitStats(String model, String field, long expected) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        JsonNode s = statsOf(model);
        while (s.path(field).asLong() != expected && System.nanoTime() < deadline) {
            Thread.sleep(20);
            s = statsOf(model);
        }
        return s;
    }

    @Test
    void aNonStreamedCompletionIsOpenAiJson() throws Exception {
        HttpResponse<String> r = send(body("fast", b -> { }));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).contains("application/json");
        ChatResponse response = OpenAiJson.parseResponse(json(r));
        assertThat(response.text()).isEqualTo(Fixtures.CANNED);
        assertThat(response.model()).isEqualTo("fast");
        assertThat(json(r).path("object").asText()).isEqualTo("chat.completion");
        // the server counts the call once the body is written, which may be just after the client has read it
        assertThat(awaitStats("fast", "completed", 1).path("completed").asLong()).isEqualTo(1);
    }

    @Test
    void aStreamIsServerSentEventsEndingInDoneWithUsageOnlyWhenAskedFor() throws Exception {
        List<SseEvent> plain = new ArrayList<>();
        List<SseEvent> withUsage = new ArrayList<>();

        HttpResponse<InputStream> r = client.send(post(body("fast", b -> b.put("stream", true))).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(readEvents(r.body(), plain)).isEmpty();
        HttpResponse<InputStream> u = client.send(post(body("fast", b -> b.put("stream", true)
                .set("stream_options", Json.object().put("include_usage", true)))).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(readEvents(u.body(), withUsage)).isEmpty();

        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("text/event-stream"));
        assertThat(plain.getLast().isDone()).isTrue();
        assertThat(withUsage.getLast().isDone()).isTrue();
        assertThat(assemble(plain).text()).isEqualTo(Fixtures.CANNED);
        assertThat(assemble(plain).usage()).isEmpty();
        assertThat(assemble(withUsage).usage()).hasValueSatisfying(
                us -> assertThat(us.completionTokens()).isEqualTo(dev.ladder.wire.Tokens.count(Fixtures.CANNED)));
        assertThat(awaitStats("fast", "completed", 2).path("completed").asLong()).isEqualTo(2);
    }

    @Test
    void streamedAndNonStreamedAnswersAreTheSameOverHttp() throws Exception {
        Consumer<ObjectNode> logprobs = b -> b.put("logprobs", true).put("top_logprobs", 1).put("max_tokens", 7);
        ChatResponse whole = OpenAiJson.parseResponse(json(send(body("fast", logprobs))));
        List<SseEvent> events = new ArrayList<>();
        HttpResponse<InputStream> r = client.send(post(body("fast", logprobs.andThen(b -> b.put("stream", true))))
                .build(), HttpResponse.BodyHandlers.ofInputStream());
        readEvents(r.body(), events);

        ChatResponse assembled = assemble(events).toResponse();
        assertThat(assembled.text()).isEqualTo(whole.text());
        assertThat(assembled.finishReason()).contains("length").isEqualTo(whole.finishReason());
        assertThat(assembled.choices().getFirst().logprobs()).isEqualTo(whole.choices().getFirst().logprobs());
    }

    @Test
    void theModelsAreListed() throws Exception {
        HttpResponse<String> r = get("/v1/models");

        assertThat(r.statusCode()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        json(r).path("data").forEach(m -> ids.add(m.path("id").asText()));
        assertThat(ids).containsExactly("cut", "e429", "e500", "fast", "garbled", "hang", "reset", "slow", "stall");
        assertThat(get("/v1/models/fast").statusCode()).isEqualTo(200);
        assertThat(get("/v1/models/nope").statusCode()).isEqualTo(404);
    }

    @Test
    void anInvalidRequestIs400WithOpenAiErrorJson() throws Exception {
        HttpResponse<String> r = send("{\"model\": \"fast\", \"messages\": []}");

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r).path("error").path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(json(r).path("error").path("param").asText()).isEqualTo("messages");
        assertThat(send("not json").statusCode()).isEqualTo(400);
    }

    @Test
    void anUnknownModelIs404WithOpenAiErrorJson() throws Exception {
        HttpResponse<String> r = send(body("gpt-9", b -> { }));

        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(json(r).path("error").path("code").asText()).isEqualTo("model_not_found");
    }

    @Test
    void otherPathsAndMethodsAreOpenAiErrors() throws Exception {
        assertThat(get("/v1/nothing").statusCode()).isEqualTo(404);
        HttpResponse<String> r = get("/v1/chat/completions");
        assertThat(r.statusCode()).isEqualTo(405);
        assertThat(r.headers().firstValue("Allow")).contains("POST");
        assertThat(json(r).path("error").path("message").asText()).contains("POST");
    }

    @Test
    void aServerErrorRateOfOneAnswers500WithOpenAiErrorJson() throws Exception {
        HttpResponse<String> r = send(body("e500", b -> { }));

        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(json(r).path("error").path("type").asText()).isEqualTo("server_error");
        assertThat(statsOf("e500").path("failed").path("server_error").asLong()).isEqualTo(1);
    }

    @Test
    void aRateLimitRateOfOneAnswers429WithRetryAfterOneSecond() throws Exception {
        HttpResponse<String> r = send(body("e429", b -> b.put("stream", true)));

        assertThat(r.statusCode()).isEqualTo(429);
        assertThat(r.headers().firstValue("Retry-After")).contains("1");
        assertThat(json(r).path("error").path("code").asText()).isEqualTo("rate_limit_exceeded");
        assertThat(statsOf("e429").path("failed").path("rate_limited").asLong()).isEqualTo(1);
    }

    @Test
    void aTimeoutHoldsTheConnectionWithoutAnsweringUntilTheServerCloses() throws Exception {
        HttpRequest request = post(body("hang", b -> { })).timeout(Duration.ofMillis(300)).build();

        assertThatThrownBy(() -> client.send(request, HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(HttpTimeoutException.class);
        assertThat(statsOf("hang").path("failed").path("timeout").asLong()).isEqualTo(1);
        assertThat(statsOf("hang").path("in_flight").asLong()).isZero();
        assertTimeoutPreemptively(Duration.ofSeconds(10), server::close);
    }

    @Test
    void aStreamCutClosesTheConnectionAfterContentAndWithoutDone() throws Exception {
        List<SseEvent> events = new ArrayList<>();
        HttpResponse<InputStream> r = client.send(post(body("cut", b -> b.put("stream", true))).build(),
                HttpResponse.BodyHandlers.ofInputStream());

        Optional<IOException> dropped = readEvents(r.body(), events);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(dropped).isPresent();
        assertThat(events).noneMatch(SseEvent::isDone);
        String text = assemble(events).text();
        assertThat(text).isNotEmpty();
        assertThat(LONG).startsWith(text).isNotEqualTo(text);
        assertThat(statsOf("cut").path("failed").path("stream_cut").asLong()).isEqualTo(1);
    }

    @Test
    void aCutNonStreamedCallDropsTheConnectionWithoutAnAnswer() {
        assertThatThrownBy(() -> send(body("cut", b -> { }))).isInstanceOf(IOException.class);
    }

    @Test
    void aClientThatGoesAwayMidStreamIsCountedAsCancelled() throws Exception {
        HttpResponse<InputStream> r = client.send(post(body("slow", b -> b.put("stream", true))).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = r.body()) {
            SseReader reader = new SseReader(in);
            reader.next();
            reader.next();
        }

        JsonNode stats = awaitStats("slow", "cancelled", 1);

        assertThat(stats.path("cancelled").asLong()).isEqualTo(1);
        assertThat(stats.path("completed").asLong()).isZero();
        assertThat(stats.path("started").asLong()).isEqualTo(1);
    }

    @Test
    void builtInModelsAreServedWhenNoConfigIsGiven() throws Exception {
        try (SimulatorServer builtIn = new SimulatorServer("127.0.0.1", 0, SimulatorServer.builtInModels(),
                new SplittableRandom(3)).start()) {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + builtIn.port() + "/v1/models")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(json(r).path("data").findValuesAsText("id")).containsExactly("sim-large", "sim-medium",
                    "sim-small");
            assertThat(builtIn.port()).isNotEqualTo(server.port());
        }
    }

    @Test
    void aConnectionResetDropsTheConnectionBeforeAnyAnswer() throws Exception {
        assertThatThrownBy(() -> send(body("reset", b -> { }))).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> send(body("reset", b -> b.put("stream", true)))).isInstanceOf(IOException.class);
        assertThat(statsOf("reset").path("failed").path("connection_reset").asLong()).isEqualTo(2);
    }

    @Test
    void aStallStopsTheStreamWithoutClosingIt() throws Exception {
        HttpResponse<InputStream> r = client.send(post(body("stall", b -> b.put("stream", true))).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        List<SseEvent> events = new ArrayList<>();
        Thread reader = Thread.ofVirtual().start(() -> readEvents(r.body(), events));

        reader.join(Duration.ofMillis(500));

        assertThat(reader.isAlive()).as("still waiting for a chunk that never comes").isTrue();
        assertThat(events).noneMatch(SseEvent::isDone);
        assertThat(statsOf("stall").path("failed").path("stall").asLong()).isEqualTo(1);
        r.body().close();
        server.close();
        reader.join(Duration.ofSeconds(5));
        assertThat(reader.isAlive()).isFalse();
    }

    @Test
    void aMalformedChunkIsNotJsonAndNoDoneFollows() throws Exception {
        HttpResponse<InputStream> r = client.send(post(body("garbled", b -> b.put("stream", true))).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        List<SseEvent> events = new ArrayList<>();

        readEvents(r.body(), events);

        assertThat(events).noneMatch(SseEvent::isDone);
        assertThat(events.getLast().data()).isEqualTo(ChatCompletionsHandler.GARBAGE);
        assertThatThrownBy(() -> Json.read(events.getLast().data())).isInstanceOf(IOException.class);
        HttpResponse<String> plain = send(body("garbled", b -> { }));
        assertThat(plain.statusCode()).isEqualTo(200);
        assertThatThrownBy(() -> Json.read(plain.body())).isInstanceOf(IOException.class);
        assertThat(statsOf("garbled").path("failed").path("malformed_chunk").asLong()).isEqualTo(2);
    }
}
