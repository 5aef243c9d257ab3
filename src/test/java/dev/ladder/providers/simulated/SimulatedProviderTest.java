package dev.ladder.providers.simulated;

import static dev.ladder.providers.simulated.Fixtures.call;
import static dev.ladder.providers.simulated.Fixtures.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ladder.model.ChatChunk;
import dev.ladder.model.ChatRequest;
import dev.ladder.model.ChatResponse;
import dev.ladder.model.ChunkStream;
import dev.ladder.model.Failure;
import dev.ladder.model.LadderException;
import dev.ladder.providers.ProviderConfig;
import dev.ladder.providers.ProviderKind;
import dev.ladder.providers.simulated.SimulatedModelConfig.FailureRates;
import dev.ladder.providers.simulated.SimulatedStats.ModelStats;
import dev.ladder.wire.StreamAssembler;
import dev.ladder.wire.Tokens;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class SimulatedProviderTest {

    private static final String MODEL = "sim-upstream";

    private final RecordingSleeper sleeper = new RecordingSleeper();

    private SimulatedProvider provider(SimulatedModelConfig config) {
        return new SimulatedProvider("sim", Fixtures.engine(Map.of(MODEL, config), sleeper));
    }

    private static SimulatedModelConfig failingOnly(double e500, double e429, double timeout, double cut) {
        return Fixtures.failing(new FailureRates(e500, e429, timeout, cut));
    }

    private static Failure failureOf(ThrowingCallable call) {
        try {
            call.call();
        } catch (LadderException e) {
            return e.failure();
        } catch (Throwable t) {
            throw new AssertionError("expected a LadderException", t);
        }
        throw new AssertionError("expected a LadderException, but the call succeeded");
    }

    private static List<ChatChunk> drain(ChunkStream stream) {
        List<ChatChunk> chunks = new ArrayList<>();
        Optional<ChatChunk> c;
        while ((c = stream.next()).isPresent()) {
            chunks.add(c.get());
        }
        return chunks;
    }

    private static StreamAssembler assemble(List<ChatChunk> chunks) {
        StreamAssembler a = new StreamAssembler();
        chunks.forEach(a::add);
        return a;
    }

    @Test
    void aCompletionIsTheAnswerUnderTheUpstreamModelId() {
        ChatResponse r = provider(Fixtures.canned("Hello there.")).complete(call(request(MODEL, "hi")));

        assertThat(r.text()).isEqualTo("Hello there.");
        assertThat(r.model()).isEqualTo(MODEL);
        assertThat(r.id()).startsWith("chatcmpl-sim-");
        assertThat(r.created()).isEqualTo(Fixtures.CLOCK.instant().getEpochSecond());
    }

    @Test
    void aStreamIsARoleChunkThenContentThenTheFinishThenUsage() {
        ChatRequest request = request(MODEL, "hi", b -> b.put("stream", true));

        List<ChatChunk> chunks;
        try (ChunkStream s = provider(Fixtures.canned(Fixtures.CANNED)).stream(call(request))) {
            chunks = drain(s);
        }

        assertThat(chunks.getFirst().choices().getFirst().role()).isEqualTo("assistant");
        assertThat(chunks.subList(1, chunks.size() - 2)).allSatisfy(c -> assertThat(c.hasContent()).isTrue());
        assertThat(chunks.get(chunks.size() - 2).choices().getFirst().finishReason()).isEqualTo("stop");
        assertThat(chunks.getLast().choices()).isEmpty();
        assertThat(chunks.getLast().usage()).isPresent();
        assertThat(chunks.size() - 3).isEqualTo(Tokens.count(Fixtures.CANNED));
    }

    @Test
    void streamedAndNonStreamedAnswersAreTheSame() {
        SimulatedProvider p = provider(Fixtures.canned("Streaming 日本語 and emoji 🤖 must survive, I think."));
        ChatRequest plain = request(MODEL, "hi", b -> b.put("logprobs", true).put("top_logprobs", 2));
        ChatRequest streamed = request(MODEL, "hi", b -> b.put("logprobs", true).put("top_logprobs", 2)
                .put("stream", true));

        ChatResponse whole = p.complete(call(plain));
        ChatResponse assembled;
        try (ChunkStream s = p.stream(call(streamed))) {
            assembled = assemble(drain(s)).toResponse();
        }

        assertThat(assembled.text()).isEqualTo(whole.text());
        assertThat(assembled.finishReason()).isEqualTo(whole.finishReason());
        assertThat(assembled.usage()).isEqualTo(whole.usage());
        assertThat(assembled.choices().getFirst().logprobs()).isEqualTo(whole.choices().getFirst().logprobs());
    }

    @Test
    void aCompletionTakesTheTimeToFirstTokenThenOneIntervalPerToken() {
        provider(Fixtures.canned(Fixtures.CANNED)).complete(call(request(MODEL, "hi")));

        int tokens = Tokens.count(Fixtures.CANNED);
        assertThat(sleeper.sleeps()).containsExactly(
                Fixtures.TTFT.plus(Duration.ofMillis(20).multipliedBy(tokens)));
    }

    @Test
    void aStreamWaitsTheTimeToFirstTokenThenEachPiecesTokens() {
        ChatRequest request = request(MODEL, "hi", b -> b.put("stream", true));
        try (ChunkStream s = provider(Fixtures.canned("one two three")).stream(call(request))) {
            drain(s);
        }

        assertThat(sleeper.sleeps()).containsExactly(Fixtures.TTFT, Duration.ofMillis(20), Duration.ofMillis(20),
                Duration.ofMillis(20));
    }

    @Test
    void aServerErrorRateOfOneFailsEveryCallWithA500() {
        SimulatedProvider p = provider(failingOnly(1, 0, 0, 0));

        assertThat(failureOf(() -> p.complete(call(request(MODEL, "hi")))))
                .isEqualTo(new Failure.UpstreamError("sim", 500,
                        "The server had an error while processing your request (simulated)."));
        assertThat(failureOf(() -> p.stream(call(request(MODEL, "hi", b -> b.put("stream", true))))))
                .isInstanceOf(Failure.UpstreamError.class);
        assertThat(p.stats().forModel(MODEL).failed(Fault.SERVER_ERROR)).isEqualTo(2);
    }

    @Test
    void aRateLimitRateOfOneFailsEveryCallWithRetryAfterOneSecond() {
        SimulatedProvider p = provider(failingOnly(0, 1, 0, 0));

        Failure f = failureOf(() -> p.complete(call(request(MODEL, "hi"))));

        assertThat(f).isInstanceOfSatisfying(Failure.RateLimited.class, r -> {
            assertThat(r.provider()).isEqualTo("sim");
            assertThat(r.retryAfter()).contains(Duration.ofSeconds(1));
        });
        assertThat(failureOf(() -> p.stream(call(request(MODEL, "hi", b -> b.put("stream", true))))))
                .isInstanceOf(Failure.RateLimited.class);
        assertThat(p.stats().forModel(MODEL).failed(Fault.RATE_LIMITED)).isEqualTo(2);
    }

    @Test
    void aTimeoutRateOfOneWaitsExactlyTheCallsTimeoutThenTimesOut() {
        SimulatedProvider p = provider(failingOnly(0, 0, 1, 0));
        Duration timeout = Duration.ofMillis(750);

        Failure f = failureOf(() -> p.complete(call(request(MODEL, "hi"), timeout)));
        Failure s = failureOf(() -> p.stream(call(request(MODEL, "hi", b -> b.put("stream", true)), timeout)));

        assertThat(f).isEqualTo(s).isInstanceOfSatisfying(Failure.UpstreamTimeout.class,
                t -> assertThat(t.after()).isEqualTo(timeout));
        assertThat(sleeper.sleeps()).containsExactly(timeout, timeout);
        assertThat(p.stats().forModel(MODEL).failed(Fault.TIMEOUT)).isEqualTo(2);
    }

    @Test
    void anAnswerSlowerThanTheCallsTimeoutTimesOutAtTheTimeout() {
        SimulatedProvider p = provider(Fixtures.canned(Fixtures.CANNED));
        Duration timeout = Duration.ofMillis(300);

        Failure f = failureOf(() -> p.complete(call(request(MODEL, "hi"), timeout)));

        assertThat(f).isInstanceOf(Failure.UpstreamTimeout.class);
        assertThat(sleeper.sleeps()).containsExactly(timeout);
    }

    @Test
    void aStreamCutYieldsContentThenAnErrorAndNeverACleanEnd() {
        SimulatedProvider p = provider(failingOnly(0, 0, 0, 1));
        List<ChatChunk> received = new ArrayList<>();

        Failure f;
        try (ChunkStream s = p.stream(call(request(MODEL, "hi", b -> b.put("stream", true))))) {
            f = failureOf(() -> {
                while (true) {
                    received.add(s.next().orElseThrow(() -> new AssertionError("the stream ended cleanly")));
                }
            });
        }

        assertThat(f).isInstanceOf(Failure.UpstreamUnreachable.class);
        String text = assemble(received).text();
        assertThat(text).isNotEmpty();
        assertThat(Fixtures.CANNED).startsWith(text).isNotEqualTo(text);
        assertThat(received).noneSatisfy(c -> assertThat(c.usage()).isPresent());
        ModelStats stats = p.stats().forModel(MODEL);
        assertThat(stats.failed(Fault.STREAM_CUT)).isEqualTo(1);
        assertThat(stats.cancelled()).isZero();
    }

    @Test
    void aCutNonStreamedCallIsADroppedConnection() {
        SimulatedProvider p = provider(failingOnly(0, 0, 0, 1));

        assertThat(failureOf(() -> p.complete(call(request(MODEL, "hi")))))
                .isInstanceOf(Failure.UpstreamUnreachable.class);
    }

    @Test
    void aStreamClosedBeforeItsEndIsCountedAsCancelled() {
        SimulatedProvider p = provider(Fixtures.canned(Fixtures.CANNED));

        try (ChunkStream s = p.stream(call(request(MODEL, "hi", b -> b.put("stream", true))))) {
            s.next();
            s.next();
        }

        ModelStats stats = p.stats().forModel(MODEL);
        assertThat(stats.started()).isEqualTo(1);
        assertThat(stats.cancelled()).isEqualTo(1);
        assertThat(stats.completed()).isZero();
        assertThat(stats.inFlight()).isZero();
    }

    @Test
    void aStreamReadToItsEndAndThenClosedIsCompleted() {
        SimulatedProvider p = provider(Fixtures.canned("Short."));

        try (ChunkStream s = p.stream(call(request(MODEL, "hi", b -> b.put("stream", true))))) {
            drain(s);
        }

        assertThat(p.stats().forModel(MODEL)).isEqualTo(new ModelStats(1, 1, 0, Map.of()));
    }

    @Test
    void readingAClosedStreamFailsInsteadOfEndingCleanly() {
        ChunkStream s = provider(Fixtures.canned(Fixtures.CANNED))
                .stream(call(request(MODEL, "hi", b -> b.put("stream", true))));
        s.next();
        s.close();

        assertThat(failureOf(s::next)).isInstanceOf(Failure.UpstreamUnreachable.class);
    }

    @Test
    void anUpstreamModelTheProviderDoesNotSimulateIsRejectedWith404() {
        SimulatedProvider p = provider(Fixtures.canned("x"));

        assertThat(failureOf(() -> p.complete(call(request("gpt-9", "hi")))))
                .isInstanceOfSatisfying(Failure.UpstreamRejected.class, r -> assertThat(r.status()).isEqualTo(404));
    }

    @Test
    void aProviderIsBuiltFromItsConfig() {
        ProviderConfig config = new ProviderConfig("local-sim", ProviderKind.SIMULATED, Optional.empty(),
                Optional.empty(), Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofSeconds(5), Map.of(),
                Map.of(MODEL, new SimulatedModelConfig(Duration.ZERO, 1_000_000, SimulatedModelConfig.Answer.ECHO,
                        FailureRates.NONE, false)));

        try (SimulatedProvider p = new SimulatedProvider(config)) {
            assertThat(p.name()).isEqualTo("local-sim");
            assertThat(p.complete(call(request(MODEL, "ping"))).text()).isEqualTo("You said: ping");
        }
        assertThatThrownBy(() -> new SimulatedProvider(new ProviderConfig("x", ProviderKind.OPENAI, Optional.empty(),
                Optional.empty(), Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofSeconds(5), Map.of(),
                Map.of()))).isInstanceOf(IllegalArgumentException.class);
    }

    // ---- resets, stalls and malformed chunks ----

    static final Duration IDLE = Duration.ofMillis(400);

    private SimulatedProvider providerWithIdleTimeout(FailureRates rates) {
        return new SimulatedProvider("sim", Fixtures.engine(Map.of(MODEL, Fixtures.failing(rates)), sleeper), IDLE);
    }

    /** Reads until the stream fails; returns the failure and fills {@code received}. */
    private static Failure readUntilFailure(ChunkStream s, List<ChatChunk> received) {
        return failureOf(() -> {
            while (true) {
                received.add(s.next().orElseThrow(() -> new AssertionError("the stream ended cleanly")));
            }
        });
    }

    @Test
    void aConnectionResetFailsAtOnceAsUnreachableStreamedOrNot() {
        SimulatedProvider p = providerWithIdleTimeout(new FailureRates(0, 0, 0, 0, 1, 0, 0));

        assertThat(failureOf(() -> p.complete(call(request(MODEL, "hi")))))
                .isInstanceOfSatisfying(Failure.UpstreamUnreachable.class,
                        u -> assertThat(u.message()).contains("connection reset"));
        assertThat(failureOf(() -> p.stream(call(request(MODEL, "hi", b -> b.put("stream", true))))))
                .isInstanceOf(Failure.UpstreamUnreachable.class);
        assertThat(sleeper.sleeps()).isEmpty();
        assertThat(p.stats().forModel(MODEL).failed(Fault.CONNECTION_RESET)).isEqualTo(2);
    }

    @Test
    void aStalledStreamGoesSilentForTheIdleTimeoutThenTimesOut() {
        SimulatedProvider p = providerWithIdleTimeout(new FailureRates(0, 0, 0, 0, 0, 1, 0));
        List<ChatChunk> received = new ArrayList<>();

        Failure f;
        try (ChunkStream s = p.stream(call(request(MODEL, "hi", b -> b.put("stream", true))))) {
            f = readUntilFailure(s, received);
        }

        assertThat(f).isInstanceOfSatisfying(Failure.UpstreamTimeout.class, t -> {
            assertThat(t.after()).isEqualTo(IDLE);
            assertThat(t.message()).contains("stall");
        });
        assertThat(sleeper.sleeps().getLast()).isEqualTo(IDLE);
        assertThat(Fixtures.CANNED).startsWith(assemble(received).text()).isNotEqualTo(assemble(received).text());
        assertThat(p.stats().forModel(MODEL).failed(Fault.STALL)).isEqualTo(1);
        assertThat(p.stats().forModel(MODEL).inFlight()).isZero();
    }

    @Test
    void aStalledNonStreamedAnswerWaitsOutTheCallsTimeout() {
        SimulatedProvider p = providerWithIdleTimeout(new FailureRates(0, 0, 0, 0, 0, 1, 0));
        Duration timeout = Duration.ofMillis(900);

        assertThat(failureOf(() -> p.complete(call(request(MODEL, "hi"), timeout))))
                .isInstanceOfSatisfying(Failure.UpstreamTimeout.class, t -> assertThat(t.after()).isEqualTo(timeout));
        assertThat(sleeper.sleeps()).containsExactly(timeout);
    }

    @Test
    void aMalformedChunkEndsTheStreamAsMalformedAfterTheContentBeforeIt() {
        SimulatedProvider p = providerWithIdleTimeout(new FailureRates(0, 0, 0, 0, 0, 0, 1));
        List<ChatChunk> received = new ArrayList<>();

        Failure f;
        try (ChunkStream s = p.stream(call(request(MODEL, "hi", b -> b.put("stream", true))))) {
            f = readUntilFailure(s, received);
        }

        assertThat(f).isInstanceOf(Failure.UpstreamMalformed.class);
        assertThat(received.getFirst().choices().getFirst().role()).isEqualTo("assistant");
        assertThat(Fixtures.CANNED).startsWith(assemble(received).text());
        assertThat(p.stats().forModel(MODEL).failed(Fault.MALFORMED_CHUNK)).isEqualTo(1);
        assertThat(failureOf(() -> p.complete(call(request(MODEL, "hi"))))).isInstanceOf(Failure.UpstreamMalformed.class);
    }

    @Test
    void aStalledStreamClosedByItsReaderIsCancelledAtOnce() throws Exception {
        SimulatedEngine engine = SimulatedEngine.realTime(Map.of(MODEL, new SimulatedModelConfig(Duration.ZERO,
                100_000, SimulatedModelConfig.Answer.canned("stall"), new FailureRates(0, 0, 0, 0, 0, 1, 0), false)),
                new java.util.SplittableRandom(1));
        SimulatedProvider p = new SimulatedProvider("sim", engine, Duration.ofMinutes(5));
        ChunkStream s = p.stream(call(request(MODEL, "hi", b -> b.put("stream", true))));
        s.next();
        Thread reader = Thread.ofVirtual().start(() -> {
            try {
                s.next();
            } catch (LadderException expected) {
                // the reader is released when its thread is interrupted
            }
        });
        awaitBlocked(reader);

        s.close();
        reader.interrupt();
        reader.join(Duration.ofSeconds(2));

        assertThat(reader.isAlive()).isFalse();
        assertThat(p.stats().forModel(MODEL).cancelled()).isEqualTo(1);
        assertThat(p.stats().forModel(MODEL).inFlight()).isZero();
    }

    /** Waits until {@code t} blocks (it is then inside next(), waiting for the stall); bounded by the test timeout. */
    private static void awaitBlocked(Thread t) throws InterruptedException {
        while (t.isAlive() && t.getState() != Thread.State.WAITING && t.getState() != Thread.State.TIMED_WAITING) {
            Thread.sleep(1);
        }
    }
}
