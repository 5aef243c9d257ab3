package dev.ladder.pipeline;

import static java.util.Objects.requireNonNull;

import dev.ladder.model.Attempt;
import dev.ladder.model.CacheStatus;
import dev.ladder.model.ChatRequest;
import dev.ladder.model.Classification;
import dev.ladder.model.Escalation;
import dev.ladder.model.Failure;
import dev.ladder.model.ModelSpec;
import dev.ladder.model.Price;
import dev.ladder.model.Tier;
import dev.ladder.model.Usage;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One request as it moves down the path. The client's request is fixed; stages add what they decided
 * (classification, plan, cache status) and the request's ledger grows: every attempt (one per upstream call,
 * as a value), every escalation, which attempt answered. Cost, usage and upstream time are derived from the
 * attempts, never kept beside them. The ledger is safe for parallel attempts (a race).
 *
 * <p>The request's record ({@link GatewayEvents#completed}) is emitted once the request is finished <em>and</em>
 * every attempt it started has settled: a race's loser that is still being cancelled, or a stream closed by a
 * client that went away, is in the record with what it cost.
 */
public final class Exchange {

    private final String requestId;
    private final Instant receivedAt;
    private final RequestContext context;
    private final GatewayEvents events;
    private final InstantSource clock;
    private final Price baselinePrice;
    private final ChatRequest request;

    private final ReentrantLock ledger = new ReentrantLock();
    private final List<Attempt> attempts = new ArrayList<>();
    private final List<Escalation> escalations = new ArrayList<>();
    private int started;
    private int settled;
    private FinishedAs finishedAs;
    private boolean emitted;

    private volatile Classification classification;
    private volatile RoutePlan plan;
    private volatile String pinnedModel;
    private volatile String pinReason;
    private volatile Answer answer;
    private volatile CacheStatus cacheStatus = CacheStatus.BYPASS;
    private volatile double savedCostUsd;
    private volatile String cacheKey;
    private volatile String strategy;
    private volatile Duration firstContentAfter;

    private record Answer(int seq, ModelSpec model, Optional<Tier> tier) {
    }

    private record FinishedAs(int status, Optional<Failure> failure, Duration latency) {
    }

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

    /** The request as the client sent it (validated, never changed). */
    public ChatRequest request() {
        return request;
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

    /** How the strategy stage uses the tiers for this request ({@code direct}, {@code cascade}, {@code race}). */
    public void strategy(String name) {
        this.strategy = requireNonNull(name, "name is null");
    }

    public Optional<String> strategy() {
        return Optional.ofNullable(strategy);
    }

    /** The first content of a streamed answer goes out now; only the first call counts. */
    public void firstContentSent() {
        if (firstContentAfter == null) {
            firstContentAfter = elapsed();
        }
    }

    /** Where the route stage sent the request (the strategy may move it up from there). */
    public Optional<RoutePlan> plan() {
        return Optional.ofNullable(plan);
    }

    public void plan(RoutePlan p) {
        this.plan = requireNonNull(p, "plan is null");
        events.routed(this, p);
    }

    /** Starts an attempt: its number in this request. Every started attempt must be {@link #settle settled}. */
    public int beginAttempt() {
        ledger.lock();
        try {
            return ++started;
        } finally {
            ledger.unlock();
        }
    }

    /** Records how a started attempt ended, and emits its event. */
    public void settle(Attempt a) {
        requireNonNull(a, "attempt is null");
        Optional<RequestRecord> record;
        ledger.lock();
        try {
            if (a.seq() > started || attempts.stream().anyMatch(x -> x.seq() == a.seq())) {
                throw new IllegalStateException("attempt " + a.seq() + " was not started or is settled already");
            }
            int at = attempts.size();
            while (at > 0 && attempts.get(at - 1).seq() > a.seq()) {
                at--;
            }
            attempts.add(at, a); // kept in seq order, so reading them needs no sort
            settled++;
            record = emittable();
        } finally {
            ledger.unlock();
        }
        if (a.succeeded()) {
            events.attemptSucceeded(this, a);
        } else {
            events.attemptFailed(this, a);
        }
        record.ifPresent(events::completed);
    }

    /** Attaches validation's verdict to the attempt {@code seq} and emits it. */
    public void judged(int seq, Attempt.Verdict verdict) {
        requireNonNull(verdict, "verdict is null");
        Attempt judged;
        ledger.lock();
        try {
            int i = indexOf(seq);
            judged = attempts.get(i).withVerdict(verdict);
            attempts.set(i, judged);
        } finally {
            ledger.unlock();
        }
        events.validated(this, judged, verdict);
    }

    private int indexOf(int seq) {
        for (int i = 0; i < attempts.size(); i++) {
            if (attempts.get(i).seq() == seq) {
                return i;
            }
        }
        throw new IllegalStateException("attempt " + seq + " is not settled");
    }

    /** Every settled attempt so far, in the order they started. */
    public List<Attempt> attempts() {
        ledger.lock();
        try {
            return List.copyOf(attempts);
        } finally {
            ledger.unlock();
        }
    }

    /** The request moves up a tier. */
    public void escalated(Escalation e) {
        requireNonNull(e, "escalation is null");
        ledger.lock();
        try {
            escalations.add(e);
        } finally {
            ledger.unlock();
        }
        events.escalated(this, e);
    }

    public List<Escalation> escalationList() {
        ledger.lock();
        try {
            return List.copyOf(escalations);
        } finally {
            ledger.unlock();
        }
    }

    public int escalations() {
        return escalationList().size();
    }

    /** The attempt whose answer goes to the client. */
    public void answered(Dispatched d) {
        this.answer = new Answer(d.seq(), d.model(), d.tier());
    }

    public Optional<ModelSpec> answeredBy() {
        return Optional.ofNullable(answer).map(Answer::model);
    }

    public Optional<Tier> answeredTier() {
        return Optional.ofNullable(answer).flatMap(Answer::tier);
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

    /** Everything billed so far: the sum of the settled attempts' usage. */
    public Usage usage() {
        Usage total = Usage.ZERO;
        for (Attempt a : attempts()) {
            total = total.plus(a.usage());
        }
        return total;
    }

    /** The request's cost: the sum of its attempts' costs. */
    public double costUsd() {
        double total = 0;
        for (Attempt a : attempts()) {
            total += a.costUsd();
        }
        return total;
    }

    /**
     * What the request would have cost sent straight to the frontier model: the answer's tokens at the
     * frontier price (one call, no judges, no escalations). 0 while no settled attempt answered.
     */
    public double baselineCostUsd() {
        Answer a = answer;
        if (a == null) {
            return 0;
        }
        return attempts().stream().filter(x -> x.seq() == a.seq()).findFirst()
                .map(x -> baselinePrice.cost(x.usage())).orElse(0.0);
    }

    /** Time spent waiting for upstreams: the union of the attempts' intervals (parallel ones count once). */
    public Duration upstreamLatency() {
        List<Attempt> all = attempts();
        if (all.size() > 1) {
            all = all.stream().sorted(Comparator.comparing(Attempt::startedAt)).toList();
        }
        Duration total = Duration.ZERO;
        Instant coveredTo = Instant.MIN;
        for (Attempt a : all) {
            Instant start = a.startedAt().isAfter(coveredTo) ? a.startedAt() : coveredTo;
            Instant end = a.startedAt().plus(a.latency());
            if (end.isAfter(start)) {
                total = total.plus(Duration.between(start, end));
                coveredTo = end;
            }
        }
        return total;
    }

    public Duration elapsed() {
        return Duration.between(receivedAt, clock.instant());
    }

    public boolean isFinished() {
        ledger.lock();
        try {
            return finishedAs != null;
        } finally {
            ledger.unlock();
        }
    }

    /**
     * Ends the request with its HTTP status. Only the first call counts, so every path (answer, stream end,
     * client gone, error) may call it safely. The record is emitted now, or when the last open attempt settles.
     */
    public void finish(int httpStatus, Optional<Failure> failure) {
        requireNonNull(failure, "failure is null");
        Optional<RequestRecord> record;
        ledger.lock();
        try {
            if (finishedAs != null) {
                return;
            }
            finishedAs = new FinishedAs(httpStatus, failure, elapsed());
            record = emittable();
        } finally {
            ledger.unlock();
        }
        record.ifPresent(events::completed);
    }

    /** The record, when the request is finished, every attempt settled, and it was not emitted yet. */
    private Optional<RequestRecord> emittable() {
        if (finishedAs == null || settled < started || emitted) {
            return Optional.empty();
        }
        emitted = true;
        Answer a = answer;
        return Optional.of(new RequestRecord(requestId, receivedAt, context, preview(), request.stream(),
                Optional.ofNullable(classification), Optional.ofNullable(plan).flatMap(RoutePlan::tier),
                Optional.ofNullable(plan).map(RoutePlan::reason), Optional.ofNullable(a).map(x -> x.model().name()),
                Optional.ofNullable(a).flatMap(Answer::tier), attemptsUnlocked(), List.copyOf(escalations),
                finishedAs.status(), finishedAs.failure(), finishedAs.latency(), upstreamLatency(), usage(),
                costUsd(), baselineCostUsd(), cacheStatus, savedCostUsd, Optional.ofNullable(strategy),
                Optional.ofNullable(firstContentAfter)));
    }

    private List<Attempt> attemptsUnlocked() {
        return List.copyOf(attempts);
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
