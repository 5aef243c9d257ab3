package dev.ladder.providers.anthropic;

import static dev.ladder.providers.TestCalls.API_KEY;
import static dev.ladder.providers.TestCalls.call;
import static dev.ladder.providers.TestCalls.config;
import static dev.ladder.providers.TestCalls.failureOf;
import static dev.ladder.providers.TestCalls.hello;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ladder.model.ChatChunk;
import dev.ladder.model.ChatResponse;
import dev.ladder.model.ChunkStream;
import dev.ladder.model.Failure;
import dev.ladder.model.Usage;
import dev.ladder.providers.FakeText;
import dev.ladder.providers.ProviderKind;
import dev.ladder.providers.RecordedRequest;
import dev.ladder.wire.StreamAssembler;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AnthropicProviderTest {

    private static final String MODEL = "claude-test-4";
    private static final String TEXT = "Hello there, I am a fake Claude answering you.";
    private static final Duration SHORT = Duration.ofMillis(250);
    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

    private FakeAnthropicServer fake;
    private AnthropicProvider provider;

    @BeforeEach
    void start() {
        fake = FakeAnthropicServer.start();
        fake.answer(MODEL, TEXT, 20, 11);
        provider = new AnthropicProvider(config("anthropic", ProviderKind.ANTHROPIC, fake.baseUrl(), SHORT,
                Map.of("anthropic-beta", "test-beta")), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterEach
    void stop() {
        provider.close();
        fake.close();
    }

    @Test
    void completeSendsAMessagesRequestWithTheKeyAndVersionAndReturnsTheAnswerWithUsage() {
        ChatResponse r = provider.complete(call("{\"model\":\"ladder\",\"max_tokens\":300,\"messages\":["
                + "{\"role\":\"system\",\"content\":\"Be brief.\"},{\"role\":\"user\",\"content\":\"Say hello\"}]}",
                "anthropic", MODEL, Duration.ofSeconds(5)));

        assertThat(r.text()).isEqualTo(TEXT);
        assertThat(r.usage()).contains(new Usage(20, 11));
        assertThat(r.model()).isEqualTo(MODEL);
        assertThat(r.id()).isEqualTo("msg_" + MODEL);
        assertThat(r.created()).isEqualTo(NOW.getEpochSecond());
        assertThat(r.finishReason()).contains("stop");
        RecordedRequest sent = fake.lastRequest();
        assertThat(sent.path()).isEqualTo("/v1/messages");
        assertThat(sent.header("x-api-key")).contains(API_KEY);
        assertThat(sent.header("anthropic-version")).contains("2023-06-01");
        assertThat(sent.header("anthropic-beta")).contains("test-beta");
        assertThat(sent.header("Authorization")).isEmpty();
        JsonNode body = sent.json();
        assertThat(body.path("model").asText()).isEqualTo(MODEL);
        assertThat(body.path("system").asText()).isEqualTo("Be brief.");
        assertThat(body.path("max_tokens").asInt()).isEqualTo(300);
        assertThat(body.path("messages")).hasSize(1);
        assertThat(body.has("stream")).isFalse();
    }

    @Test
    void streamYieldsTheChunksInOrderWithTheSameTextAsCompleteAndTheUsage() {
        String completeText = provider.complete(hello("anthropic", MODEL, false)).text();
        List<String> contents = new ArrayList<>();
        List<ChatChunk> chunks = new ArrayList<>();
        StreamAssembler assembler = new StreamAssembler();

        try (ChunkStream stream = provider.stream(hello("anthropic", MODEL, true))) {
            for (Optional<ChatChunk> c = stream.next(); c.isPresent(); c = stream.next()) {
                chunks.add(c.get());
                assembler.add(c.get());
                c.get().choices().stream().map(ChatChunk.Delta::content)
                        .filter(s -> s != null && !s.isEmpty()).forEach(contents::add);
            }
        }

        assertThat(fake.lastRequest().json().path("stream").asBoolean()).isTrue();
        assertThat(chunks.getFirst().choices().getFirst().role()).isEqualTo("assistant");
        assertThat(chunks.getLast().choices()).isEmpty();
        assertThat(chunks.getLast().usage()).contains(new Usage(20, 11));
        assertThat(chunks).allSatisfy(c -> {
            assertThat(c.id()).isEqualTo("msg_" + MODEL);
            assertThat(c.model()).isEqualTo(MODEL);
        });
        assertThat(contents).containsExactlyElementsOf(FakeText.pieces(TEXT));
        assertThat(assembler.text()).isEqualTo(completeText);
        assertThat(assembler.toResponse().finishReason()).contains("stop");
    }

    @Test
    void sequentialCallsReuseOneConnection() {
        for (int i = 0; i < 2; i++) {
            provider.complete(hello("anthropic", MODEL, false));
            try (ChunkStream stream = provider.stream(hello("anthropic", MODEL, true))) {
                while (stream.next().isPresent()) {
                    // drain
                }
            }
        }

        assertThat(fake.requests()).extracting(RecordedRequest::clientPort).containsOnly(fake.requests().getFirst().clientPort());
    }

    @Test
    void aStreamedToolUseArrivesAsOpenAiToolCallDeltas() {
        fake.script("tools", (req, out) -> FakeAnthropicServer.events(out, List.of(
                new String[] {"message_start", FakeAnthropicServer.messageStart("msg_t", "tools", 30)},
                new String[] {"content_block_start", "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":"
                        + "{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"get_weather\",\"input\":{}}}"},
                new String[] {"content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":"
                        + "{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"city\\\": \"}}"},
                new String[] {"content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":"
                        + "{\"type\":\"input_json_delta\",\"partial_json\":\"\\\"Paris\\\"}\"}}"},
                new String[] {"content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}"},
                new String[] {"message_delta", FakeAnthropicServer.messageDelta("tool_use", 17)},
                new String[] {"message_stop", FakeAnthropicServer.MESSAGE_STOP})));
        StreamAssembler assembler = new StreamAssembler();

        try (ChunkStream stream = provider.stream(hello("anthropic", "tools", true))) {
            for (Optional<ChatChunk> c = stream.next(); c.isPresent(); c = stream.next()) {
                assembler.add(c.get());
            }
        }

        ChatResponse r = assembler.toResponse();
        JsonNode call = r.choices().getFirst().toolCalls().get(0);
        assertThat(call.path("id").asText()).isEqualTo("toolu_1");
        assertThat(call.path("function").path("name").asText()).isEqualTo("get_weather");
        assertThat(call.path("function").path("arguments").asText()).isEqualTo("{\"city\": \"Paris\"}");
        assertThat(r.finishReason()).contains("tool_calls");
        assertThat(r.usage()).contains(new Usage(30, 17));
    }

    @Test
    void a429WithRetryAfterSecondsIsRateLimitedForThatLong() {
        fake.script("busy", (req, out) -> out.header("retry-after", "12")
                .json(429, FakeAnthropicServer.error("rate_limit_error", "Number of request tokens has exceeded your rate limit.")));

        Failure f = failureOf(() -> provider.complete(hello("anthropic", "busy", false)));

        assertThat(f).isInstanceOfSatisfying(Failure.RateLimited.class, r -> {
            assertThat(r.retryAfter()).contains(Duration.ofSeconds(12));
            assertThat(r.message()).contains("anthropic").contains("rate_limit_error").contains("exceeded your rate limit");
        });
    }

    @Test
    void a500IsAnUpstreamError() {
        fake.script("broken", (req, out) -> out.json(500, FakeAnthropicServer.error("api_error", "Internal server error")));

        assertThat(failureOf(() -> provider.complete(hello("anthropic", "broken", false))))
                .isInstanceOfSatisfying(Failure.UpstreamError.class, e -> assertThat(e.status()).isEqualTo(500));
    }

    @Test
    void overloadedIsARetryableUpstreamError529() {
        fake.script("overloaded", (req, out) -> out.json(529, FakeAnthropicServer.error("overloaded_error", "Overloaded")));

        Failure f = failureOf(() -> provider.stream(hello("anthropic", "overloaded", true)));

        assertThat(f).isInstanceOfSatisfying(Failure.UpstreamError.class, e -> {
            assertThat(e.status()).isEqualTo(529);
            assertThat(e.message()).contains("overloaded_error");
        });
        assertThat(f.retryable()).isTrue();
    }

    @Test
    void aPromptTooLongIsRejectedKeepingTheUpstreamMessage() {
        String message = "prompt is too long: 210000 tokens > 200000 maximum";
        fake.script("small", (req, out) -> out.json(400, FakeAnthropicServer.error("invalid_request_error", message)));

        assertThat(failureOf(() -> provider.complete(hello("anthropic", "small", false))))
                .isInstanceOfSatisfying(Failure.UpstreamRejected.class, r -> {
                    assertThat(r.status()).isEqualTo(400);
                    assertThat(r.type()).isEqualTo("invalid_request_error");
                    assertThat(r.message()).contains(message);
                });
    }

    @Test
    void aRejectedKeyIsAnAuthFailureThatNeverShowsTheKey() {
        fake.script("auth", (req, out) -> out.json(401,
                FakeAnthropicServer.error("authentication_error", "invalid x-api-key " + API_KEY)));

        assertThat(failureOf(() -> provider.complete(hello("anthropic", "auth", false))))
                .isInstanceOfSatisfying(Failure.UpstreamAuth.class,
                        a -> assertThat(a.message()).contains("invalid x-api-key ****"));
    }

    @Test
    void aBodyThatIsNotJsonIsMalformed() {
        fake.script("garbage", (req, out) -> out.body(200, "application/json", "<html>gateway</html>"));

        assertThat(failureOf(() -> provider.complete(hello("anthropic", "garbage", false))))
                .isInstanceOf(Failure.UpstreamMalformed.class);
    }

    @Test
    void aMessageWithoutContentIsMalformed() {
        fake.script("empty", (req, out) -> out.json(200, "{\"id\":\"msg_1\",\"type\":\"message\",\"model\":\"m\"}"));

        assertThat(failureOf(() -> provider.complete(hello("anthropic", "empty", false))))
                .isInstanceOfSatisfying(Failure.UpstreamMalformed.class, m -> assertThat(m.message()).contains("content"));
    }

    @Test
    void aStreamCutBeforeMessageStopFailsFromNextInsteadOfEndingQuietly() {
        fake.script("cut", (req, out) -> FakeAnthropicServer.events(out, List.<String[]>of(
                new String[] {"message_start", FakeAnthropicServer.messageStart("msg_c", "cut", 5)},
                new String[] {"content_block_delta", FakeAnthropicServer.textDelta(0, "Hello")},
                new String[] {"message_delta", FakeAnthropicServer.messageDelta("end_turn", 3)})));

        try (ChunkStream stream = provider.stream(hello("anthropic", "cut", true))) {
            assertThat(stream.next()).isPresent();
            assertThat(stream.next()).isPresent();
            assertThat(stream.next()).isPresent();
            assertThat(failureOf(stream::next)).isInstanceOfSatisfying(Failure.UpstreamUnreachable.class,
                    u -> assertThat(u.message()).contains("stream ended before message_stop"));
        }
    }

    @Test
    void aMalformedEventFailsTheStream() {
        fake.script("bad-event", (req, out) -> FakeAnthropicServer.events(out, List.<String[]>of(
                new String[] {"message_start", FakeAnthropicServer.messageStart("msg_b", "bad-event", 5)},
                new String[] {"content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{"},
                new String[] {"message_stop", FakeAnthropicServer.MESSAGE_STOP})));

        try (ChunkStream stream = provider.stream(hello("anthropic", "bad-event", true))) {
            assertThat(stream.next()).isPresent();
            assertThat(failureOf(stream::next)).isInstanceOf(Failure.UpstreamMalformed.class);
        }
    }

    @Test
    void anOverloadedErrorEventMidStreamIsAnUpstreamError529() {
        fake.script("mid-error", (req, out) -> FakeAnthropicServer.events(out, List.<String[]>of(
                new String[] {"message_start", FakeAnthropicServer.messageStart("msg_e", "mid-error", 5)},
                new String[] {"content_block_delta", FakeAnthropicServer.textDelta(0, "Hel")},
                new String[] {"error", FakeAnthropicServer.error("overloaded_error", "Overloaded")})));

        try (ChunkStream stream = provider.stream(hello("anthropic", "mid-error", true))) {
            assertThat(stream.next()).isPresent();
            assertThat(stream.next()).isPresent();
            assertThat(failureOf(stream::next)).isInstanceOfSatisfying(Failure.UpstreamError.class,
                    e -> assertThat(e.status()).isEqualTo(529));
        }
    }

    @Test
    void anAnswerSlowerThanTheCallTimeoutTimesOut() {
        fake.script("slow", (req, out) -> {
            out.pause(Duration.ofSeconds(3));
            out.json(200, FakeAnthropicServer.message("m", "slow", "late", "end_turn", 1, 1));
        });

        assertThat(failureOf(() -> provider.complete(hello("anthropic", "slow", false, SHORT))))
                .isInstanceOfSatisfying(Failure.UpstreamTimeout.class, t -> assertThat(t.after()).isEqualTo(SHORT));
    }

    @Test
    void aStreamThatStallsLongerThanTheIdleTimeoutTimesOutFromNext() {
        fake.script("stall", (req, out) -> {
            out.startEvents();
            out.event("message_start", FakeAnthropicServer.messageStart("msg_s", "stall", 5));
            out.stall();
        });

        try (ChunkStream stream = provider.stream(hello("anthropic", "stall", true))) {
            assertThat(stream.next()).isPresent();
            assertThat(failureOf(stream::next)).isInstanceOfSatisfying(Failure.UpstreamTimeout.class,
                    t -> assertThat(t.after()).isEqualTo(SHORT));
        }
    }

    @Test
    void pingsCountAsActivityUntilTheyStop() {
        AtomicInteger pingsSent = new AtomicInteger();
        fake.script("pings", (req, out) -> {
            out.startEvents();
            out.event("message_start", FakeAnthropicServer.messageStart("msg_p", "pings", 5));
            for (int i = 0; i < 5; i++) {
                out.pause(Duration.ofMillis(100));
                out.event("ping", "{\"type\": \"ping\"}");
                pingsSent.incrementAndGet();
            }
            out.stall();
        });

        try (ChunkStream stream = provider.stream(hello("anthropic", "pings", true))) {
            assertThat(stream.next()).isPresent();
            assertThat(failureOf(stream::next)).isInstanceOf(Failure.UpstreamTimeout.class);
            // five pings 100 ms apart keep the 250 ms idle timer from firing until they stop: had a ping not
            // counted, the timer would have fired after the second
            assertThat(pingsSent).hasValue(5);
        }
    }

    @Test
    void aRefusedConnectionIsUnreachable() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (AnthropicProvider nowhere = new AnthropicProvider(config("anthropic", ProviderKind.ANTHROPIC,
                URI.create("http://127.0.0.1:" + port)))) {

            assertThat(failureOf(() -> nowhere.stream(hello("anthropic", MODEL, true))))
                    .isInstanceOf(Failure.UpstreamUnreachable.class);
        }
    }

    @Test
    void closingMidStreamHangsUpOnTheUpstream() throws InterruptedException {
        fake.script("long", (req, out) -> {
            out.startEvents();
            out.event("message_start", FakeAnthropicServer.messageStart("msg_l", "long", 5));
            out.trickleUntilDisconnect();
        });

        ChunkStream stream = provider.stream(hello("anthropic", "long", true));
        assertThat(stream.next()).isPresent();
        stream.close();

        assertThat(fake.awaitDisconnect(Duration.ofSeconds(3))).isTrue();
        assertThat(stream.next()).isEmpty();
    }
}
