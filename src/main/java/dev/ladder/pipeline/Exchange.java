package dev.ladder.pipeline;

import static java.util.Objects.requireNonNull;

import dev.ladder.model.Attempt;
import dev.ladder.model.CacheStatus;
import dev.ladder.model.ChatRequest;
import dev.ladder.model.Classification;
import dev.ladder.model.Failure;
import dev.ladder.model.ModelSpec;
import dev.ladder.model.Price;
import dev.ladder.model.Tier;
import dev.ladder.model.Usage;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The state of one request as it moves down the path: typed slots that stages fill in (no string-keyed
 * maps). Stages run one after another on the request's virtual thread; the few slots that parallel
 * attempts touch are safe for concurrent use.
 */
public final class Exchange {

    private final String requestId;
    private final Instant receivedAt;
    private final RequestContext context;
    private final GatewayEvents events;
    private final InstantSource clock;
    private final Price baselinePrice;
    private final AtomicBoolean finished = new AtomicBoolean();
    private final List<Attempt> attempts = new CopyOnWriteArrayList<>();
    private final java.util.concurrent.locks.ReentrantLock billing = new java.util.concurrent.locks.ReentrantLock();

    private volatile ChatRequest request;
    private volatile Classification classification;
    private volatile RoutePlan plan;
    private volatile String pinnedModel;
    private volatile String pinReason;
    private volatile ModelSpec answeredBy;
    private volatile Tier answeredTier;
    private volatile CacheStatus cacheStatus = CacheStatus.BYPASS;
    private volatile Usage usage = Usage.ZERO;
    private volatile double costUsd;
    private volatile double baselineCostUsd;
    private volatile Duration upstreamLatency = Duration.ZERO;
    private volatile int escalations;
    private volatile double savedCostUsd;
    private volatile String cacheKey;

    public Exchange(String requestId, ChatRequest request, RequestContext context, GatewayEvents events,
            InstantSource clock, Price baselinePrice) {
        this.requestId = requireNonNull(requestId, "requestId is null");
        this.request = requireNonNull(request, "request is null");
        this.context = requireNonNull(context, "context is null");
        this.events = requireNonNull(events, "events is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.baselinePrice = requireNonNull(baselinePrice, "baselinePrice is null");
        this.receivedAt = clock.instant();
    }

    public String requestId() {
        return requestId;
    }

    public Instant receivedAt() {
        return receivedAt;
    }

    public RequestContext context() {
        return context;
    }

    public GatewayEvents events() {
        return events;
    }

    public InstantSource clock() {
        return clock;
    }

    public ChatRequest request() {
        return request;
    }

    /** Replaces the request (e.g. a stage applied tier defaults); the original body is never mutated. */
    public void request(ChatRequest newRequest) {
        this.request = requireNonNull(newRequest, "request is null");
    }

    public Optional<Classification> classification() {
        return Optional.ofNullable(classification);
    }

    public void classification(Classification c) {
        this.classification = requireNonNull(c, "classification is null");
        events.classified(this, c);
    }

    /** A model that a rule requires for this request (e.g. a private model for prompts with personal data). */
    public Optional<String> pinnedModel() {
        return Optional.ofNullable(pinnedModel);
    }

    public Optional<String> pinReason() {
        return Optional.ofNullable(pinReason);
    }

    public void pin(String model, String reason) {
        this.pinnedModel = requireNonNull(model, "model is null");
        this.pinReason = requireNonNull(reason, "reason is null");
    }

    public Optional<RoutePlan> plan() {
        return Optional.ofNullable(plan);
    }

    public void plan(RoutePlan p) {
        this.plan = requireNonNull(p, "plan is null");
        events.routed(this, p);
    }

    public List<Attempt> attempts() {
        return List.copyOf(attempts);
    }

    /** Records one upstream attempt and emits its event. */
    public void attempt(Attempt a) {
        attempts.add(requireNonNull(a, "attempt is null"));
        billing.lock();
        try {
            upstreamLatency = upstreamLatency.plus(a.latency());
        } finally {
            billing.unlock();
        }
        if (a.succeeded()) {
            events.attemptSucceeded(this, a);
        } else {
            events.attemptFailed(this, a);
        }
    }

    public Optional<ModelSpec> answeredBy() {
        return Optional.ofNullable(answeredBy);
    }

    public Optional<Tier> answeredTier() {
        return Optional.ofNullable(answeredTier);
    }

    public void answeredBy(ModelSpec model, Optional<Tier> tier) {
        this.answeredBy = requireNonNull(model, "model is null");
        this.answeredTier = tier.orElse(null);
    }

    public CacheStatus cacheStatus() {
        return cacheStatus;
    }

    public void cacheStatus(CacheStatus status) {
        this.cacheStatus = requireNonNull(status, "status is null");
    }

    /**
     * Marks the request as answered by a cache layer ({@code status} must be a hit): nothing is billed, and
     * {@code savedCostUsd} (what the cached answer cost when it was made) is recorded as saved.
     */
    public void servedFromCache(CacheStatus status, double savedCostUsd) {
        if (!requireNonNull(status, "status is null").isHit()) {
            throw new IllegalArgumentException("not a cache hit: " + status);
        }
        if (!(savedCostUsd >= 0)) {
            throw new IllegalArgumentException("savedCostUsd must be >= 0: " + savedCostUsd);
        }
        this.cacheStatus = status;
        this.savedCostUsd = savedCostUsd;
    }

    /** What answering from a cache saved, in USD; 0 when the request was not a cache hit. */
    public double savedCostUsd() {
        return savedCostUsd;
    }

    /** The exact-cache key of this request (for {@code DELETE /admin/cache?key=}), when it has one. */
    public Optional<String> cacheKey() {
        return Optional.ofNullable(cacheKey);
    }

    public void cacheKey(String key) {
        this.cacheKey = requireNonNull(key, "key is null");
    }

    public int escalations() {
        return escalations;
    }

    public void escalated() {
        billing.lock();
        try {
            escalations++;
        } finally {
            billing.unlock();
        }
    }

    /** Adds billed usage of {@code model}: cost at its price, baseline at the frontier price. */
    public void bill(ModelSpec model, Usage billed) {
        // parallel attempts (a race) bill concurrently: the three sums move together
        billing.lock();
        try {
            usage = usage.plus(billed);
            costUsd += model.price().cost(billed);
            baselineCostUsd += baselinePrice.cost(billed);
        } finally {
            billing.unlock();
        }
    }

    public Usage usage() {
        return usage;
    }

    public double costUsd() {
        return costUsd;
    }

    public double baselineCostUsd() {
        return baselineCostUsd;
    }

    public Duration upstreamLatency() {
        return upstreamLatency;
    }

    public Duration elapsed() {
        return Duration.between(receivedAt, clock.instant());
    }

    public boolean isFinished() {
        return finished.get();
    }

    /**
     * Ends the request: builds its record and emits {@link GatewayEvents#completed}. Only the first call
     * counts, so every path (answer, stream end, client gone, error) may call it safely.
     */
    public void finish(int httpStatus, Optional<Failure> failure) {
        if (!finished.compareAndSet(false, true)) {
            return;
        }
        events.completed(new RequestRecord(requestId, receivedAt, context, preview(), request.stream(),
                Optional.ofNullable(classification), Optional.ofNullable(plan).flatMap(RoutePlan::tier),
                Optional.ofNullable(answeredBy).map(ModelSpec::name), Optional.ofNullable(answeredTier),
                List.copyOf(attempts), httpStatus, failure, elapsed(), upstreamLatency, usage, costUsd,
                baselineCostUsd, cacheStatus, escalations, savedCostUsd));
    }

    private String preview() {
        String text = request.lastUserText();
        if (text.isEmpty()) {
            text = request.allText();
        }
        return text.length() <= RequestRecord.PREVIEW_SOURCE_CHARS ? text
                : text.substring(0, RequestRecord.PREVIEW_SOURCE_CHARS);
    }
}
