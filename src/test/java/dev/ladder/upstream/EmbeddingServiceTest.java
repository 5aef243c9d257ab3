package dev.ladder.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.ladder.cache.MemoryCacheStore;
import dev.ladder.model.CacheStatus;
import dev.ladder.model.EmbeddingRequest;
import dev.ladder.model.EmbeddingSpec;
import dev.ladder.model.Embeddings;
import dev.ladder.model.Failure;
import dev.ladder.model.LadderException;
import dev.ladder.model.Price;
import dev.ladder.pipeline.CacheStore;
import dev.ladder.pipeline.EmbeddingGateway;
import dev.ladder.pipeline.EmbeddingProvider;
import dev.ladder.pipeline.GatewayEvents;
import dev.ladder.pipeline.RequestContext;
import dev.ladder.pipeline.RequestRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class EmbeddingServiceTest {

    private static final EmbeddingSpec SPEC = new EmbeddingSpec("emb", "oa", "emb-up", new Price(2.0, 0));
    private static final Duration TTL = Duration.ofHours(1);

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
    private final List<RequestRecord> records = new ArrayList<>();
    private final List<EmbeddingRequest> calls = new ArrayList<>();
    private final List<String> started = new ArrayList<>();
    private final GatewayEvents events = new GatewayEvents() {
        @Override
        public void embeddingsStarted(String requestId, String deployment) {
            started.add(requestId + ":" + deployment);
        }

        @Override
        public void completed(RequestRecord record) {
            records.add(record);
        }
    };
    private final CacheStore store = new MemoryCacheStore(100, 1 << 20, now::get);

    /** One float per input: its length; one token per character. */
    private final EmbeddingProvider lengths = (request, model, id, timeout) -> {
        calls.add(request);
        List<float[]> v = new ArrayList<>();
        request.inputs().forEach(s -> v.add(new float[] {s.length()}));
        return new Embeddings(v, request.inputs().stream().mapToInt(String::length).sum());
    };

    private EmbeddingService service(EmbeddingProvider provider) {
        return new EmbeddingService(Map.of("emb", new EmbeddingService.Deployment(SPEC, provider, Duration.ofSeconds(5))),
                Optional.of(store), TTL, events, now::get, f -> f instanceof Failure.UpstreamError ? 502 : 500);
    }

    private static EmbeddingRequest request(String... inputs) {
        return new EmbeddingRequest("emb", List.of(inputs), Optional.empty(), Optional.empty());
    }

    private static RequestContext key(String keyId) {
        return new RequestContext(Optional.of(keyId), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty());
    }

    @Test
    void aRepeatIsAnsweredFromTheCacheAndRecordedAsSavingWhatTheMissCost() {
        EmbeddingService s = service(lengths);

        EmbeddingGateway.Reply miss = s.embed("r1", request("abc", "de"), key("k1"), now.get());
        EmbeddingGateway.Reply hit = s.embed("r2", request("abc", "de"), key("k1"), now.get());

        assertThat(miss.cache()).isEqualTo(CacheStatus.MISS);
        assertThat(miss.costUsd()).isEqualTo(5 * 2.0 / 1_000_000);
        assertThat(hit.cache()).isEqualTo(CacheStatus.EXACT);
        assertThat(hit.costUsd()).isZero();
        assertThat(hit.savedCostUsd()).isEqualTo(miss.costUsd());
        assertThat(hit.embeddings().vectors()).extracting(v -> v[0]).containsExactly(3f, 2f);
        assertThat(calls).hasSize(1);
        assertThat(records).extracting(RequestRecord::cacheStatus).containsExactly(CacheStatus.MISS, CacheStatus.EXACT);
        assertThat(started).containsExactly("r1:emb", "r2:emb");
        assertThat(records.getFirst().usage().promptTokens()).isEqualTo(5);
        assertThat(records.getFirst().model()).contains("emb");
    }

    @Test
    void theCacheIsPerKeyAndPerInputOrderAndExpires() {
        EmbeddingService s = service(lengths);
        s.embed("r1", request("abc", "de"), key("k1"), now.get());

        s.embed("r2", request("abc", "de"), key("k2"), now.get());
        s.embed("r3", request("de", "abc"), key("k1"), now.get());
        now.set(now.get().plus(TTL).plusSeconds(1));
        s.embed("r4", request("abc", "de"), key("k1"), now.get());

        assertThat(calls).hasSize(4);
    }

    @Test
    void noCacheAsksFreshButStoresAndNoStoreNeitherLooksUpNorStores() {
        EmbeddingService s = service(lengths);
        RequestContext noCache = withDirective(dev.ladder.pipeline.CacheDirective.NO_CACHE);
        RequestContext noStore = withDirective(dev.ladder.pipeline.CacheDirective.NO_STORE);

        s.embed("r1", request("abc"), noStore, now.get());
        s.embed("r2", request("abc"), noCache, now.get());
        EmbeddingGateway.Reply hit = s.embed("r3", request("abc"), key("k1"), now.get());

        assertThat(calls).hasSize(2);
        assertThat(hit.cache()).isEqualTo(CacheStatus.EXACT);
    }

    private static RequestContext withDirective(dev.ladder.pipeline.CacheDirective directive) {
        return new RequestContext(Optional.of("k1"), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), directive);
    }

    @Test
    void aFailureIsRecordedWithTheEdgesStatusAndThrown() {
        Failure down = new Failure.UpstreamError("oa", 503, "overloaded");
        EmbeddingService s = service((r, m, id, t) -> {
            throw new LadderException(down);
        });

        LadderException e = catchThrowableOfType(LadderException.class,
                () -> s.embed("r1", request("abc"), key("k1"), now.get()));

        assertThat(e.failure()).isEqualTo(down);
        assertThat(records).singleElement().satisfies(r -> {
            assertThat(r.httpStatus()).isEqualTo(502);
            assertThat(r.failure()).contains(down);
        });
    }

    @Test
    void aProviderThatAnswersTheWrongNumberOfVectorsIsMalformed() {
        EmbeddingService s = service((r, m, id, t) -> new Embeddings(List.of(), 0));

        LadderException e = catchThrowableOfType(LadderException.class,
                () -> s.embed("r1", request("abc"), key("k1"), now.get()));

        assertThat(e.failure()).isInstanceOf(Failure.UpstreamMalformed.class);
    }

    @Test
    void anUnknownModelIsNotRecordedAsADeploymentCall() {
        LadderException e = catchThrowableOfType(LadderException.class, () -> service(lengths).embed("r1",
                new EmbeddingRequest("nope", List.of("x"), Optional.empty(), Optional.empty()), key("k1"), now.get()));

        assertThat(e.failure()).isEqualTo(new Failure.UnknownModel("nope"));
        assertThat(calls).isEmpty();
        assertThat(started).isEmpty();
        assertThat(records).isEmpty();
    }

    @Test
    void anEntryRoundTripsAndAnExpiredOrTruncatedOneIsAMiss() {
        Embeddings e = new Embeddings(List.of(new float[] {0.5f, -1f}, new float[] {}), 9);
        byte[] bytes = EmbeddingService.encode(e, now.get().plusSeconds(10));

        assertThat(EmbeddingService.decode(bytes, now.get())).hasValueSatisfying(d -> {
            assertThat(d.promptTokens()).isEqualTo(9);
            assertThat(d.vectors().get(0)).containsExactly(0.5f, -1f);
            assertThat(d.vectors().get(1)).isEmpty();
        });
        assertThat(EmbeddingService.decode(bytes, now.get().plusSeconds(11))).isEmpty();
        assertThat(EmbeddingService.decode(java.util.Arrays.copyOf(bytes, bytes.length - 2), now.get())).isEmpty();
    }
}
