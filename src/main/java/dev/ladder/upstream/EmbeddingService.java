package dev.ladder.upstream;

import static java.util.Objects.requireNonNull;

import dev.ladder.model.CacheStatus;
import dev.ladder.model.EmbeddingRequest;
import dev.ladder.model.EmbeddingSpec;
import dev.ladder.model.Embeddings;
import dev.ladder.model.Failure;
import dev.ladder.model.LadderException;
import dev.ladder.model.Usage;
import dev.ladder.pipeline.CacheStore;
import dev.ladder.pipeline.EmbeddingGateway;
import dev.ladder.pipeline.EmbeddingProvider;
import dev.ladder.pipeline.GatewayEvents;
import dev.ladder.pipeline.RequestContext;
import dev.ladder.pipeline.RequestRecord;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToIntFunction;

/**
 * The embeddings path: deployment by name -> exact cache -> provider -> decision log. Embeddings are a pure
 * function of model, inputs and dimensions, so a repeat is answered from the cache (keyed by the caller's key
 * id too, so one tenant cannot learn what another embedded) and costs nothing; what it would have cost is
 * recorded as saved. The caller's {@code Cache-Control} is obeyed as by the chat caches ({@code no-cache}: fresh
 * but stored, {@code no-store}: neither). Every request that names a deployment is recorded, failures included.
 */
public final class EmbeddingService implements EmbeddingGateway {

    /** The cache's key prefix: embeddings share the exact cache's store with chat answers. */
    static final String KEY_PREFIX = "emb:";
    private static final int PREVIEW_CHARS = RequestRecord.PREVIEW_SOURCE_CHARS;

    /** One deployment: its spec, the provider that serves it, and how long a call may take. */
    public record Deployment(EmbeddingSpec spec, EmbeddingProvider provider, Duration timeout) {
        public Deployment {
            requireNonNull(spec, "spec is null");
            requireNonNull(provider, "provider is null");
            requireNonNull(timeout, "timeout is null");
        }
    }

    private final Map<String, Deployment> deployments;
    private final Optional<CacheStore> cache;
    private final Duration ttl;
    private final GatewayEvents events;
    private final InstantSource clock;
    private final ToIntFunction<Failure> statusOf;

    /**
     * @param cache where vectors are kept for {@code ttl}; empty: no caching
     * @param statusOf the HTTP status the edge answers a failure with (the one error mapper's), for the log
     */
    public EmbeddingService(Map<String, Deployment> deployments, Optional<CacheStore> cache, Duration ttl,
            GatewayEvents events, InstantSource clock, ToIntFunction<Failure> statusOf) {
        this.statusOf = requireNonNull(statusOf, "statusOf is null");
        this.deployments = Map.copyOf(deployments);
        this.cache = requireNonNull(cache, "cache is null");
        this.ttl = requireNonNull(ttl, "ttl is null");
        this.events = requireNonNull(events, "events is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    @Override
    public Reply embed(String requestId, EmbeddingRequest request, RequestContext context, Instant receivedAt) {
        Deployment d = deployments.get(request.model());
        if (d == null) {
            throw new LadderException(new Failure.UnknownModel(request.model()));
        }
        events.embeddingsStarted(requestId, d.spec().name());
        String key = key(d.spec(), request, context);
        Optional<Embeddings> cached = context.cacheDirective().mayLookUp() ? lookup(key) : Optional.empty();
        if (cached.isPresent()) {
            double saved = d.spec().price().cost(cached.get().usage());
            record(requestId, request, context, receivedAt, d, Duration.ZERO, cached.get().usage(), 0, CacheStatus.EXACT,
                    saved, 200, Optional.empty());
            return new Reply(cached.get(), d.spec().name(), CacheStatus.EXACT, 0, saved);
        }
        Instant start = clock.instant();
        Embeddings fresh;
        try {
            fresh = d.provider().embed(request, d.spec().upstreamModel(), requestId, d.timeout());
        } catch (LadderException e) {
            record(requestId, request, context, receivedAt, d, Duration.between(start, clock.instant()),
                    new Usage(0, 0), 0, status(), 0, statusOf.applyAsInt(e.failure()), Optional.of(e.failure()));
            throw e;
        }
        if (fresh.vectors().size() != request.inputs().size()) {
            Failure wrong = new Failure.UpstreamMalformed(d.spec().provider(), "answered " + fresh.vectors().size()
                    + " embeddings for " + request.inputs().size() + " inputs");
            record(requestId, request, context, receivedAt, d, Duration.between(start, clock.instant()),
                    new Usage(0, 0), 0, status(), 0, statusOf.applyAsInt(wrong), Optional.of(wrong));
            throw new LadderException(wrong);
        }
        double cost = d.spec().price().cost(fresh.usage());
        if (context.cacheDirective().mayStore()) {
            store(key, fresh);
        }
        record(requestId, request, context, receivedAt, d, Duration.between(start, clock.instant()), fresh.usage(), cost,
                status(), 0, 200, Optional.empty());
        return new Reply(fresh, d.spec().name(), status(), cost, 0);
    }

    /** MISS when a cache is configured, else BYPASS. */
    private CacheStatus status() {
        return cache.isPresent() ? CacheStatus.MISS : CacheStatus.BYPASS;
    }

    private void record(String requestId, EmbeddingRequest request, RequestContext context, Instant receivedAt,
            Deployment d, Duration upstream, Usage usage, double cost, CacheStatus cacheStatus, double saved, int status,
            Optional<Failure> failure) {
        String first = request.inputs().getFirst();
        events.completed(new RequestRecord(requestId, receivedAt, context,
                first.length() > PREVIEW_CHARS ? first.substring(0, PREVIEW_CHARS) : first, false, Optional.empty(),
                Optional.empty(), Optional.of("embeddings deployment " + d.spec().name()), Optional.of(d.spec().name()),
                Optional.empty(), List.of(), List.of(), status, failure, Duration.between(receivedAt, clock.instant()),
                upstream, usage, cost, cost, cacheStatus, saved, Optional.empty(), Optional.empty()));
    }

    // ---- cache ----

    /** {@code emb:<key id>:<deployment>:<sha-256 of dimensions and inputs>}. */
    static String key(EmbeddingSpec spec, EmbeddingRequest request, RequestContext context) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        sha.update(ByteBuffer.allocate(4).putInt(request.dimensions().orElse(0)).array());
        for (String input : request.inputs()) {
            byte[] bytes = input.getBytes(StandardCharsets.UTF_8);
            sha.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
            sha.update(bytes);
        }
        return KEY_PREFIX + context.keyId().orElse("anonymous") + ":" + spec.name() + ":"
                + HexFormat.of().formatHex(sha.digest());
    }

    private Optional<Embeddings> lookup(String key) {
        if (cache.isEmpty()) {
            return Optional.empty();
        }
        try {
            return cache.get().get(key).flatMap(bytes -> decode(bytes, clock.instant()));
        } catch (RuntimeException unreachable) {
            return Optional.empty(); // the cache never fails a request
        }
    }

    private void store(String key, Embeddings e) {
        if (cache.isEmpty()) {
            return;
        }
        try {
            cache.get().put(key, encode(e, clock.instant().plus(ttl)), ttl);
        } catch (RuntimeException unreachable) {
            // not cached; the answer still goes out
        }
    }

    /** expiry (epoch ms), prompt tokens, vector count, then each vector's length and floats. */
    static byte[] encode(Embeddings e, Instant expiresAt) {
        int size = 8 + 4 + 4;
        for (float[] v : e.vectors()) {
            size += 4 + 4 * v.length;
        }
        ByteBuffer b = ByteBuffer.allocate(size);
        b.putLong(expiresAt.toEpochMilli()).putInt(e.promptTokens()).putInt(e.vectors().size());
        for (float[] v : e.vectors()) {
            b.putInt(v.length);
            for (float f : v) {
                b.putFloat(f);
            }
        }
        return b.array();
    }

    /** The entry, unless it expired or cannot be read. */
    static Optional<Embeddings> decode(byte[] bytes, Instant now) {
        try {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            if (Instant.ofEpochMilli(b.getLong()).isBefore(now)) {
                return Optional.empty();
            }
            int tokens = b.getInt();
            int count = b.getInt();
            List<float[]> vectors = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                float[] v = new float[b.getInt()];
                for (int j = 0; j < v.length; j++) {
                    v[j] = b.getFloat();
                }
                vectors.add(v);
            }
            return b.hasRemaining() ? Optional.empty() : Optional.of(new Embeddings(vectors, tokens));
        } catch (RuntimeException unreadable) {
            return Optional.empty();
        }
    }
}
