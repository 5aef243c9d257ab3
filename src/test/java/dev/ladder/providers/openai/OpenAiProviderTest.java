package dev.ladder.providers.openai;

import static dev.ladder.providers.TestCalls.API_KEY;
import static dev.ladder.providers.TestCalls.call;
import static dev.ladder.providers.TestCalls.config;
import static dev.ladder.providers.TestCalls.failureOf;
import static dev.ladder.providers.TestCalls.hello;
import static org.assertj.core.api.Assertions.assertThat;

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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OpenAiProviderTest {

    private static final String MODEL = "gpt-test-2025";
    private static final String TEXT = "Hello there, I am a fake model answering you.";
    private static final Duration SHORT = Duration.ofMillis(250);

    private FakeOpenAiServer fake;
    private OpenAiProvider provider;

    @BeforeEach
    void start() {
        fake = FakeOpenAiServer.start();
        fake.answer(MODEL, TEXT, 12, 9);
        provider = new OpenAiProvider(config("openai", ProviderKind.OPENAI, fake.baseUrl(), SHORT,
                Map.of("OpenAI-Organization", "org-ladder")));
    }

    @AfterEach
    void stop() {
        provider.close();
        fake.close();
    }

    @Test
    void completeSendsTheUpstreamModelWithTheKeyAndReturnsTheAnswerWithUsage() {
        ChatResponse r = provider.complete(hello("openai", MODEL, false));

        assertThat(r.text()).isEqualTo(TEXT);
        assertThat(r.usage()).contains(new Usage(12, 9));
        assertThat(r.model()).isEqualTo(MODEL);
        RecordedRequest sent = fake.lastRequest();
        assertThat(sent.path()).isEqualTo("/v1/chat/completions");
        assertThat(sent.model()).isEqualTo(MODEL);
        assertThat(sent.header("Authorization")).contains("Bearer " + API_KEY);
        assertThat(sent.header("OpenAI-Organization")).contains("org-ladder");
        assertThat(sent.header("X-Request-Id")).contains("req-42");
        assertThat(sent.json().path("messages").get(0).path("content").asText()).isEqualTo("Say hello");
    }

    @Test
    void completeDropsTheStreamFieldsWhateverTheClientSent() {
        provider.complete(call("{\"model\":\"x\",\"stream\":true,\"stream_options\":{\"include_usage\":true},"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", "openai", MODEL, Duration.ofSeconds(5)));

        assertThat(fake.lastRequest().json().has("stream")).isFalse();
        assertThat(fake.lastRequest().json().has("stream_options")).isFalse();
    }

    @Test
    void streamYieldsTheChunksInOrderWithTheSameTextAsCompleteAndTheUsage() {
        String completeText = provider.complete(hello("openai", MODEL, false)).text();
        List<String> contents = new ArrayList<>();
        StreamAssembler assembler = new StreamAssembler();

        try (ChunkStream stream = provider.stream(hello("openai", MODEL, true))) {
            for (Optional<ChatChunk> c = stream.next(); c.isPresent(); c = stream.next()) {
                assembler.add(c.get());
                c.get().choices().stream().map(ChatChunk.Delta::content)
                        .filter(s -> s != null && !s.isEmpty()).forEach(contents::add);
            }
        }

        assertThat(contents).containsExactlyElementsOf(FakeText.pieces(TEXT));
        assertThat(assembler.text()).isEqualTo(completeText);
        assertThat(assembler.usage()).contains(new Usage(12, 9));
        assertThat(assembler.toResponse().finishReason()).contains("stop");
    }

    @Test
    void sequentialCallsReuseOneConnection() {
        provider.complete(hello("openai", MODEL, false));
        provider.complete(hello("openai", MODEL, false));
        for (int i = 0; i < 2; i++) {
            try (ChunkStream stream = provider.stream(hello("openai", MODEL, true))) {
                while (stream.next().isPresent()) {
                    // drain
                }
            }
        }
        provider.complete(hello("openai", MODEL, false));

        // a drained stream hands its connection back to the pool asynchronously, so the call right after one may,
        // rarely, open a second connection: reuse means far fewer connections than calls, not exactly one
        assertThat(fake.requests().stream().map(RecordedRequest::clientPort).distinct().count())
                .as("connections for 5 sequential calls").isLessThanOrEqualTo(2);
    }

    @Test
    void streamAlwaysAsksTheUpstreamForUsageEvenWhenTheClientDidNot() {
        try (ChunkStream stream = provider.stream(hello("openai", MODEL, false))) {
            while (stream.next().isPresent()) {
                // drain
            }
        }

        assertThat(fake.lastRequest().json().path("stream").asBoolean()).isTrue();
        assertThat(fake.lastRequest().json().path("stream_options").path("include_usage").asBoolean()).isTrue();
        assertThat(fake.lastRequest().header("Accept")).contains("text/event-stream");
    }

    @Test
    void aStreamWithoutAnyUsageEndsCleanlyWithoutUsage() {
        fake.script("no-usage", (req, out) -> {
            out.startEvents();
            out.data(FakeOpenAiServer.chunk("c1", "no-usage", "assistant", "hi", "stop"));
            out.data("[DONE]");
        });
        StreamAssembler assembler = new StreamAssembler();

        try (ChunkStream stream = provider.stream(hello("openai", "no-usage", true))) {
            stream.next().ifPresent(assembler::add);
            assertThat(stream.next()).isEmpty();
        }

        assertThat(assembler.text()).isEqualTo("hi");
        assertThat(assembler.usage()).isEmpty();
    }

    @Test
    void a429WithRetryAfterSecondsIsRateLimitedForThatLong() {
        fake.script("busy", (req, out) -> out.header("Retry-After", "7")
                .json(429, FakeOpenAiServer.error("requests", "rate_limit_exceeded", "Rate limit reached for requests")));

        Failure f = failureOf(() -> provider.complete(hello("openai", "busy", false)));

        assertThat(f).isInstanceOfSatisfying(Failure.RateLimited.class, r -> {
            assertThat(r.retryAfter()).contains(Duration.ofSeconds(7));
            assertThat(r.provider()).isEqualTo("openai");
            assertThat(r.message()).contains("openai").contains("Rate limit reached");
        });
    }

    @Test
    void retryAfterMsWinsOverRetryAfterAndAppliesToStreamsToo() {
        fake.script("busy", (req, out) -> out.header("Retry-After", "1").header("retry-after-ms", "1500")
                .json(429, FakeOpenAiServer.error("tokens", "rate_limit_exceeded", "slow down")));

        Failure f = failureOf(() -> provider.stream(hello("openai", "busy", true)));

        assertThat(f).isInstanceOfSatisfying(Failure.RateLimited.class,
                r -> assertThat(r.retryAfter()).contains(Duration.ofMillis(1500)));
    }

    @Test
    void a500IsAnUpstreamError() {
        fake.script("broken", (req, out) -> out.json(500,
                FakeOpenAiServer.error("server_error", null, "The server had an error while processing your request.")));

        Failure f = failureOf(() -> provider.complete(hello("openai", "broken", false)));

        assertThat(f).isInstanceOfSatisfying(Failure.UpstreamError.class, e -> {
            assertThat(e.status()).isEqualTo(500);
            assertThat(e.message()).contains("openai").contains("had an error");
        });
    }

    @Test
    void contextLengthExceededIsRejectedKeepingTheUpstreamMessage() {
        String message = "This model's maximum context length is 128000 tokens. However, your messages resulted in "
                + "130000 tokens. Please reduce the length of the messages.";
        fake.script("small", (req, out) -> out.json(400,
                FakeOpenAiServer.error("invalid_request_error", "context_length_exceeded", message)));

        Failure f = failureOf(() -> provider.complete(hello("openai", "small", false)));

        assertThat(f).isInstanceOfSatisfying(Failure.UpstreamRejected.class, r -> {
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.type()).isEqualTo("context_length_exceeded");
            assertThat(r.message()).contains(message);
        });
        assertThat(f.retryable()).isFalse();
    }

    @Test
    void aRejectedKeyIsAnAuthFailureThatNeverShowsTheKey() {
        fake.script("auth", (req, out) -> out.json(401, FakeOpenAiServer.error("invalid_request_error",
                "invalid_api_key", "Incorrect API key provided: " + API_KEY + ". Check your key.")));

        Failure f = failureOf(() -> provider.complete(hello("openai", "auth", false)));

        assertThat(f).isInstanceOfSatisfying(Failure.UpstreamAuth.class, a -> {
            assertThat(a.status()).isEqualTo(401);
            assertThat(a.message()).contains("Incorrect API key provided: ****");
        });
    }

    @Test
    void aBodyThatIsNotJsonIsMalformed() {
        fake.script("garbage", (req, out) -> out.body(200, "application/json", "{\"id\": \"x\", \"choices\": [tru"));

        assertThat(failureOf(() -> provider.complete(hello("openai", "garbage", false))))
                .isInstanceOf(Failure.UpstreamMalformed.class);
    }

    @Test
    void aJsonBodyThatIsNoCompletionIsMalformed() {
        fake.script("odd", (req, out) -> out.json(200, "{\"id\":\"x\",\"object\":\"list\"}"));

        assertThat(failureOf(() -> provider.complete(hello("openai", "odd", false))))
                .isInstanceOfSatisfying(Failure.UpstreamMalformed.class, m -> assertThat(m.message()).contains("choices"));
    }

    @Test
    void aStreamCutBeforeDoneFailsFromNextInsteadOfEndingQuietly() {
        fake.script("cut", (req, out) -> {
            out.startEvents();
            out.data(FakeOpenAiServer.chunk("c1", "cut", "assistant", "Hello", null));
        });

        try (ChunkStream stream = provider.stream(hello("openai", "cut", true))) {
            assertThat(stream.next()).isPresent();
            Failure f = failureOf(stream::next);
            assertThat(f).isInstanceOfSatisfying(Failure.UpstreamUnreachable.class,
                    u -> assertThat(u.message()).contains("stream ended before [DONE]"));
            assertThat(failureOf(stream::next)).isEqualTo(f);
        }
    }

    @Test
    void aMalformedChunkFailsTheStream() {
        fake.script("bad-chunk", (req, out) -> {
            out.startEvents();
            out.data(FakeOpenAiServer.chunk("c1", "bad-chunk", "assistant", "Hello", null));
            out.data("{\"id\": \"c1\", \"choices\": [");
            out.data("[DONE]");
        });

        try (ChunkStream stream = provider.stream(hello("openai", "bad-chunk", true))) {
            assertThat(stream.next()).isPresent();
            assertThat(failureOf(stream::next)).isInstanceOf(Failure.UpstreamMalformed.class);
        }
    }

    @Test
    void anErrorEventMidStreamIsTheFailureItStandsFor() {
        fake.script("mid-error", (req, out) -> {
            out.startEvents();
            out.data(FakeOpenAiServer.chunk("c1", "mid-error", "assistant", "Hel", null));
            out.data(FakeOpenAiServer.error("server_error", null, "The model produced invalid content."));
        });

        try (ChunkStream stream = provider.stream(hello("openai", "mid-error", true))) {
            assertThat(stream.next()).isPresent();
            assertThat(failureOf(stream::next)).isInstanceOfSatisfying(Failure.UpstreamError.class, e -> {
                assertThat(e.status()).isEqualTo(500);
                assertThat(e.message()).contains("invalid content");
            });
        }
    }

    @Test
    void anAnswerSlowerThanTheCallTimeoutTimesOut() {
        // the answer never comes, so only the call timeout can end the call
        fake.script("slow", (req, out) -> out.stall());

        Failure f = failureOf(() -> provider.complete(hello("openai", "slow", false, SHORT)));

        assertThat(f).isInstanceOfSatisfying(Failure.UpstreamTimeout.class, t -> assertThat(t.after()).isEqualTo(SHORT));
    }

    @Test
    void aStreamWhoseHeadersComeAfterTheCallTimeoutTimesOut() {
        fake.script("slow", (req, out) -> out.stall());

        assertThat(failureOf(() -> provider.stream(hello("openai", "slow", true, SHORT))))
                .isInstanceOf(Failure.UpstreamTimeout.class);
    }

    @Test
    void aStreamThatKeepsTalkingOutlivesTheCallTimeout() {
        fake.script("chatty", (req, out) -> {
            out.startEvents();
            for (int i = 0; i < 8; i++) {
                out.data(FakeOpenAiServer.chunk("c1", "chatty", null, "x", null));
                out.pause(Duration.ofMillis(100));
            }
            out.data("[DONE]");
        });
        StreamAssembler assembler = new StreamAssembler();

        try (ChunkStream stream = provider.stream(hello("openai", "chatty", true, SHORT))) {
            for (Optional<ChatChunk> c = stream.next(); c.isPresent(); c = stream.next()) {
                assembler.add(c.get());
            }
        }

        assertThat(assembler.text()).isEqualTo("xxxxxxxx");
    }

    @Test
    void aStreamThatStallsLongerThanTheIdleTimeoutTimesOutFromNext() {
        fake.script("stall", (req, out) -> {
            out.startEvents();
            out.data(FakeOpenAiServer.chunk("c1", "stall", "assistant", "Hello", null));
            out.stall();
        });

        // the stream never resumes, so only the idle timer can end next(); IdleTimeoutInputStreamTest shows it
        // is armed for exactly the idle timeout
        try (ChunkStream stream = provider.stream(hello("openai", "stall", true))) {
            assertThat(stream.next()).isPresent();
            Failure f = failureOf(stream::next);
            assertThat(f).isInstanceOfSatisfying(Failure.UpstreamTimeout.class, t -> {
                assertThat(t.after()).isEqualTo(SHORT);
                assertThat(t.message()).contains("sent nothing for 250 ms");
            });
        }
    }

    @Test
    void aRefusedConnectionIsUnreachable() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (OpenAiProvider nowhere = new OpenAiProvider(config("openai", ProviderKind.OPENAI,
                URI.create("http://127.0.0.1:" + port + "/v1")))) {

            assertThat(failureOf(() -> nowhere.complete(hello("openai", MODEL, false))))
                    .isInstanceOfSatisfying(Failure.UpstreamUnreachable.class,
                            u -> assertThat(u.message()).contains("openai").contains("127.0.0.1:" + port));
        }
    }

    @Test
    void closingMidStreamHangsUpOnTheUpstream() throws InterruptedException {
        fake.script("long", (req, out) -> {
            out.startEvents();
            out.data(FakeOpenAiServer.chunk("c1", "long", "assistant", "Once upon a time", null));
            out.trickleUntilDisconnect();
        });

        ChunkStream stream = provider.stream(hello("openai", "long", true));
        assertThat(stream.next()).isPresent();
        stream.close();
        stream.close();

        assertThat(fake.awaitDisconnect(Duration.ofSeconds(3))).isTrue();
        assertThat(stream.next()).isEmpty();
    }
}
