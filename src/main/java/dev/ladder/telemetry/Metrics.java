package dev.ladder.telemetry;

import static java.util.Objects.requireNonNull;

import dev.ladder.model.Attempt;
import dev.ladder.model.BreakerTransition;
import dev.ladder.model.CacheStatus;
import dev.ladder.model.CircuitState;
import dev.ladder.model.Classification;
import dev.ladder.model.DeploymentHealth;
import dev.ladder.model.Escalation;
import dev.ladder.model.RedisHealth;
import dev.ladder.model.RedisUse;
import dev.ladder.model.Tier;
import dev.ladder.pipeline.CacheLayer;
import dev.ladder.pipeline.Exchange;
import dev.ladder.pipeline.Feedback;
import dev.ladder.pipeline.GatewayEvents;
import dev.ladder.pipeline.MetricsSnapshot;
import dev.ladder.pipeline.RequestRecord;
import dev.ladder.pipeline.RoutePlan;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.core.metrics.Histogram;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The gateway's metrics, fed by its events and exported by Micrometer's Prometheus registry in the text
 * exposition format. docs/observability.md has the table of every series with its labels; the short version:
 *
 * <pre>
 * ladder_requests_total{feature, tier, model, strategy, outcome}   finished requests (tier, model: who answered)
 * ladder_attempts_total{model, provider, purpose, outcome}         upstream calls ("ok", failure kind, "cancelled")
 * ladder_tokens_total{model, purpose, direction}                   tokens of upstream calls, input / output
 * ladder_cost_usd_total{model, purpose}                            what upstream calls cost, at the models' prices
 * ladder_baseline_cost_usd_total{feature}                          what the answers would have cost from the frontier
 * ladder_classifications_total{classifier, tier}                   ladder_routes_total{tier}
 * ladder_validations_total{tier, verdict}                          ladder_retries_total{model}
 * ladder_escalations_total{from, to, cause}                        ladder_fallbacks_total{reason}
 * ladder_breaker_rejections_total{model}                           ladder_breaker_transitions_total{model, from, to}
 * ladder_cache_lookups_total{layer, result}                        ladder_cache_saved_cost_usd_total{layer}
 * ladder_feedback_total{kind}                                      ladder_feedback_score (histogram)
 * ladder_redis_up{use} (gauge)                                     ladder_redis_fallbacks_total{use, decision}
 * ladder_request_duration_seconds{tier}, ladder_time_to_first_token_seconds{tier},
 * ladder_gateway_overhead_seconds, ladder_classifier_confidence{classifier}          histograms
 * ladder_requests_in_flight, ladder_breaker_state{model, state}, ladder_deployment_*{model},
 * ladder_drift_tier_share{tier, window}, ladder_drift_confidence_mean{window}, ladder_drift_tier_distance  gauges
 * </pre>
 *
 * Label values are bounded: models, providers, tiers, classifiers and layers come from the configuration;
 * a client-chosen feature tag keeps its own value for the first {@value #MAX_FEATURES} distinct tags and is
 * {@code other} after that. No label ever names a request, a user or a key. Thread-safe.
 */
public final class Metrics implements GatewayEvents {

    /** Distinct {@code feature} label values kept before the rest are counted as {@code other}. */
    static final int MAX_FEATURES = 50;
    static final String NONE = "none";

    private static final Duration[] LATENCY_BUCKETS = {Duration.ofMillis(5), Duration.ofMillis(10),
            Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
            Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5),
            Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60)};
    private static final Duration[] OVERHEAD_BUCKETS = {Duration.ofNanos(100_000), Duration.ofNanos(250_000),
            Duration.ofMillis(1), Duration.ofNanos(2_500_000), Duration.ofMillis(5), Duration.ofMillis(10),
            Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
            Duration.ofSeconds(1)};
    private static final double[] UNIT_BUCKETS = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0};

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final BoundedValues features = new BoundedValues(MAX_FEATURES, "other");
    private final AtomicLong inFlight = new AtomicLong();
    private final ConcurrentMap<RedisUse, AtomicInteger> redisUp = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, DeploymentHealth> deployments = new ConcurrentHashMap<>();
    private final ConcurrentMap<MeterKey, Object> meters = new ConcurrentHashMap<>();
    private final Drift drift;
    // Micrometer's summaries count fractions below 1 in the wrong buckets; these two are the Prometheus
    // client's own histograms, registered in the same registry so /metrics has them alongside the rest
    private final Histogram confidence;
    private final Histogram feedbackScore;

    public Metrics() {
        this(InstantSource.system());
    }

    /** With the drift signal's clock; the reference is the gateway's first hour. */
    public Metrics(InstantSource clock) {
        this.drift = new Drift(clock, Optional.empty());
        this.confidence = Histogram.builder().name("ladder_classifier_confidence")
                .help("Classifier confidence (0..1) by the classifier that decided.").labelNames("classifier")
                .classicOnly().classicUpperBounds(UNIT_BUCKETS).register(registry.getPrometheusRegistry());
        this.feedbackScore = Histogram.builder().name("ladder_feedback_score")
                .help("Feedback scores (0 bad .. 1 good).").classicOnly().classicUpperBounds(UNIT_BUCKETS)
                .register(registry.getPrometheusRegistry());
        Gauge.builder("ladder.requests.in.flight", inFlight, AtomicLong::get)
                .description("Requests started and not yet recorded.").register(registry);
        Gauge.builder("ladder.drift.tier.distance", this, m -> m.drift.snapshot().tierDistance())
                .description("Total variation distance between the last hour's tier mix and the reference (0..1).")
                .register(registry);
        for (String window : List.of("last_hour", "reference")) {
            boolean last = window.equals("last_hour");
            Gauge.builder("ladder.drift.confidence.mean", this, m -> last ? m.drift.snapshot().lastHourConfidence()
                            : m.drift.snapshot().referenceConfidence())
                    .description("Mean classifier confidence over the last hour and over the reference.")
                    .tags("window", window).register(registry);
            for (Tier t : Tier.values()) {
                Gauge.builder("ladder.drift.tier.share", this, m -> (last ? m.drift.snapshot().lastHourShare()
                                : m.drift.snapshot().referenceShare()).getOrDefault(t.wireName(), 0.0))
                        .description("Share of classified requests per tier, over the last hour and the reference.")
                        .tags("tier", t.wireName(), "window", window).register(registry);
            }
        }
    }

    @Override
    public void requestStarted(Exchange exchange) {
        inFlight.incrementAndGet();
    }

    /** Embeddings requests are requests too: in flight until their {@link #completed}. */
    @Override
    public void embeddingsStarted(String requestId, String deployment) {
        inFlight.incrementAndGet();
    }

    @Override
    public void cacheLookup(Exchange exchange, CacheLayer layer, boolean hit) {
        count("ladder.cache.lookups", "Response cache lookups by layer and result.", "layer", layer.wireName(),
                "result", hit ? "hit" : "miss");
    }

    @Override
    public void classified(Exchange exchange, Classification c) {
        count("ladder.classifications", "Requests classified, by the classifier that decided.", "classifier",
                c.classifier(), "tier", c.tier().wireName());
        confidence.labelValues(c.classifier()).observe(c.confidence());
        drift.record(c.tier(), c.confidence());
    }

    @Override
    public void routed(Exchange exchange, RoutePlan plan) {
        count("ladder.routes", "Requests routed, by the tier chosen.", "tier",
                plan.tier().map(Tier::wireName).orElse(NONE));
    }

    @Override
    public void attemptSucceeded(Exchange exchange, Attempt a) {
        attempt(a, "ok");
    }

    @Override
    public void attemptFailed(Exchange exchange, Attempt a) {
        attempt(a, switch (a.outcome()) {
            case Attempt.Outcome.Failed f -> FailureKinds.of(f.failure());
            case Attempt.Outcome.Cancelled c -> "cancelled";
            case Attempt.Outcome.Answered ok -> "ok";
        });
    }

    private void attempt(Attempt a, String outcome) {
        String purpose = a.purpose().wireName();
        count("ladder.attempts", "Upstream calls by deployment, purpose and outcome.", "model", a.model(),
                "provider", a.provider(), "purpose", purpose, "outcome", outcome);
        add("ladder.cost.usd", "Cost of upstream calls in USD, at the models' prices.", a.costUsd(), "model",
                a.model(), "purpose", purpose);
        add("ladder.tokens", "Tokens of upstream calls: input (prompt) and output (completion).",
                a.usage().promptTokens(), "model", a.model(), "purpose", purpose, "direction", "input");
        add("ladder.tokens", "Tokens of upstream calls: input (prompt) and output (completion).",
                a.usage().completionTokens(), "model", a.model(), "purpose", purpose, "direction", "output");
    }

    @Override
    public void validated(Exchange exchange, Attempt attempt, Attempt.Verdict verdict) {
        count("ladder.validations", "Answers validated, by tier and verdict.", "tier",
                attempt.tier().map(Tier::wireName).orElse(NONE), "verdict",
                verdict.accepted() ? "accepted" : "rejected");
    }

    @Override
    public void retryScheduled(Exchange exchange, Attempt failed, Duration delay) {
        count("ladder.retries", "Retries on the same deployment scheduled by the retry policy.", "model",
                failed.model());
    }

    @Override
    public void rateLimited(String bucket, String owner) {
        count("ladder.rate_limit.rejections", "Virtual-key requests refused by a rate limit (429).", "bucket", bucket,
                "owner", owner);
    }

    @Override
    public void budgetAlert(String owner, int thresholdPercent) {
        count("ladder.budget.alerts", "Budgets that reached an alert threshold in their window.", "owner", owner,
                "threshold", Integer.toString(thresholdPercent));
    }

    /** {@code ladder_redis_up{use}}: 1 while the use is served by Redis, 0 while its rule stands in. */
    @Override
    public void redisState(RedisHealth health) {
        redisUp.computeIfAbsent(health.use(), u -> {
            AtomicInteger up = new AtomicInteger(1);
            Gauge.builder("ladder.redis.up", up, AtomicInteger::get)
                    .description("1 while this use of Redis (cache, budgets, rate_limits) is served by Redis, 0 while "
                            + "its rule for a Redis outage stands in.").tags("use", u.wireName()).register(registry);
            return up;
        }).set(health.up() ? 1 : 0);
    }

    @Override
    public void redisFallback(RedisUse use) {
        count("ladder.redis.fallbacks", "Requests served by a use's rule while Redis was down: fail_open (cache), "
                + "fail_closed (budgets), local (rate limits).", "use", use.wireName(), "decision", use.rule());
    }

    @Override
    public void breakerRejected(Exchange exchange, String deployment) {
        count("ladder.breaker.rejections", "Calls refused by an open breaker, without an upstream call.", "model",
                deployment);
    }

    @Override
    public void escalated(Exchange exchange, Escalation e) {
        count("ladder.escalations",
                "Requests moved up a tier: the answer was rejected, or every deployment of the tier failed.",
                "from", e.from().wireName(), "to", e.to().wireName(), "cause", e.cause().wireName());
    }

    @Override
    public void breakerTransition(BreakerTransition t) {
        count("ladder.breaker.transitions", "Circuit breaker state changes by deployment.", "model", t.deployment(),
                "from", t.from().wireName(), "to", t.to().wireName());
    }

    @Override
    public void feedbackReceived(Feedback f) {
        if (f.regenerated()) {
            count("ladder.feedback", "Feedback received: scores and regenerations.", "kind", "regenerated");
        }
        if (f.score().isPresent()) {
            count("ladder.feedback", "Feedback received: scores and regenerations.", "kind", "score");
            feedbackScore.observe(f.score().getAsDouble());
        }
    }

    @Override
    public void completed(RequestRecord r) {
        inFlight.decrementAndGet();
        String outcome = r.failure().map(FailureKinds::of).orElse(r.httpStatus() < 400 ? "ok" : "client_closed");
        String feature = features.of(r.context().feature().orElse(NONE));
        String tier = r.answeredTier().map(Tier::wireName).orElse(NONE);
        count("ladder.requests", "Finished requests by feature, answering tier and model, strategy and outcome.",
                "feature", feature, "tier", tier, "model", r.model().orElse(NONE), "strategy",
                r.strategy().orElse(NONE), "outcome", outcome);
        add("ladder.baseline.cost.usd", "What the answers would have cost from the frontier (baseline) model.",
                r.baselineCostUsd(), "feature", feature);
        if (r.cacheStatus().isHit()) {
            add("ladder.cache.saved.cost.usd", "What the answers replayed from a cache had cost, by layer.",
                    r.savedCostUsd(), "layer", r.cacheStatus() == CacheStatus.EXACT ? "exact" : "semantic");
        }
        if (r.escalations() > 0) {
            // once per request, however many moves (ladder_escalations_total counts each move)
            count("ladder.requests.escalated", "Requests that moved up a tier at least once.", "feature", feature);
        }
        fallback(r).ifPresent(reason -> count("ladder.fallbacks",
                "Requests answered after a failed answer attempt, by the first failure's kind.", "reason", reason));
        histogram("ladder.request.duration", "Request latency, from arrival to the last byte.", LATENCY_BUCKETS,
                "tier", tier).record(r.latency());
        r.timeToFirstToken().ifPresent(t -> histogram("ladder.time.to.first.token",
                "Time from arrival to the first content of a streamed answer.", LATENCY_BUCKETS, "tier", tier)
                .record(t));
        if (!r.attempts().isEmpty()) {
            Duration overhead = r.latency().minus(r.upstreamLatency());
            histogram("ladder.gateway.overhead", "Latency minus time spent waiting for upstreams.",
                    OVERHEAD_BUCKETS).record(overhead.isNegative() ? Duration.ZERO : overhead);
        }
    }

    /** The kind of the first failed answer attempt of a request that was answered all the same. */
    private static Optional<String> fallback(RequestRecord r) {
        if (!r.succeeded() || r.model().isEmpty()) {
            return Optional.empty();
        }
        return r.attempts().stream().filter(a -> a.purpose() == Attempt.Purpose.ANSWER)
                .flatMap(a -> a.failure().stream()).findFirst().map(FailureKinds::of);
    }

    /** Every meter in the Prometheus text exposition format, with the deployments' health gauges. */
    public String scrape(List<DeploymentHealth> health) {
        health.forEach(this::observe);
        return registry.scrape();
    }

    /** The numbers the dashboard shows, from the same meters {@link #scrape} exports. */
    public MetricsSnapshot snapshot() {
        Map<String, Long> tierMix = new TreeMap<>();
        long requests = 0;
        long failed = 0;
        for (Counter c : registry.find("ladder.requests").counters()) {
            long n = (long) c.count();
            requests += n;
            tierMix.merge(c.getId().getTag("tier"), n, Long::sum);
            if (!"ok".equals(c.getId().getTag("outcome"))) {
                failed += n;
            }
        }
        HistogramSnapshot all = merged("ladder.request.duration");
        return new MetricsSnapshot(requests, failed, (long) total("ladder.requests.escalated"), (long) total("ladder.fallbacks"),
                total("ladder.cost.usd"), total("ladder.baseline.cost.usd"),
                (long) total("ladder.cache.lookups", "result", "hit"),
                (long) total("ladder.cache.lookups", "result", "miss"), total("ladder.cache.saved.cost.usd"),
                tierMix, quantile(all, 0.5), quantile(all, 0.95), quantile(all, 0.99), drift.snapshot());
    }

    /**
     * The sum of a counter's series whose labels include {@code labelPairs}, by its Prometheus name
     * ({@code ladder_attempts_total}); 0 when it never counted. For tests, the chaos report and the dashboard.
     */
    public double counter(String prometheusName, String... labelPairs) {
        String name = prometheusName.replaceFirst("_total$", "").replace('_', '.');
        return total(name, labelPairs);
    }

    private double total(String name, String... labelPairs) {
        return registry.find(name).tags(labelPairs).counters().stream().mapToDouble(Counter::count).sum();
    }

    /** The deployments' buckets summed across label sets, for quantiles over all requests. */
    private HistogramSnapshot merged(String name) {
        Map<Double, Double> cumulative = new TreeMap<>();
        long count = 0;
        for (Timer t : registry.find(name).timers()) {
            HistogramSnapshot s = t.takeSnapshot();
            count += s.count();
            for (CountAtBucket b : s.histogramCounts()) {
                cumulative.merge(b.bucket(TimeUnit.SECONDS), b.count(), Double::sum);
            }
        }
        CountAtBucket[] buckets = cumulative.entrySet().stream()
                .map(e -> new CountAtBucket(e.getKey() * 1e9, e.getValue())).toArray(CountAtBucket[]::new);
        return new HistogramSnapshot(count, 0, 0, null, buckets, null);
    }

    /**
     * The {@code q} quantile in seconds, interpolated linearly inside the bucket that holds it, as PromQL's
     * {@code histogram_quantile} does; the highest finite bound when it lies beyond the last bucket.
     */
    static double quantile(HistogramSnapshot s, double q) {
        CountAtBucket[] buckets = s.histogramCounts();
        if (s.count() == 0 || buckets.length == 0) {
            return 0;
        }
        double rank = q * s.count();
        double lowerBound = 0;
        double lowerCount = 0;
        for (CountAtBucket b : buckets) {
            double upper = b.bucket(TimeUnit.SECONDS);
            if (b.count() >= rank) {
                double inBucket = b.count() - lowerCount;
                return inBucket <= 0 ? upper : lowerBound + (upper - lowerBound) * (rank - lowerCount) / inBucket;
            }
            lowerBound = upper;
            lowerCount = b.count();
        }
        return lowerBound;
    }

    private void observe(DeploymentHealth h) {
        if (deployments.put(h.model(), h) == null) {
            // counters start at 0 per deployment, so rate() and Grafana panels see them before the first event
            add("ladder.breaker.rejections", "Calls refused by an open breaker, without an upstream call.", 0, "model",
                    h.model());
            add("ladder.retries", "Retries on the same deployment scheduled by the retry policy.", 0, "model",
                    h.model());
            for (CircuitState s : CircuitState.values()) {
                Gauge.builder("ladder.breaker.state", deployments, d -> d.get(h.model()).state() == s ? 1 : 0)
                        .description("Circuit breaker state per deployment (1 = current state).")
                        .tags("model", h.model(), "state", s.wireName()).register(registry);
            }
            Gauge.builder("ladder.deployment.failure.rate", deployments, d -> d.get(h.model()).failureRate())
                    .description("Failure rate over the breaker's sliding window.").tags("model", h.model())
                    .register(registry);
            Gauge.builder("ladder.deployment.consecutive.failures", deployments,
                            d -> d.get(h.model()).consecutiveFailures())
                    .description("Failures since the deployment's last success.").tags("model", h.model())
                    .register(registry);
        }
        if (h.ewmaLatency().isPresent()) {
            Gauge.builder("ladder.deployment.ewma.latency", deployments,
                            d -> d.get(h.model()).ewmaLatency().map(l -> l.toNanos() / 1e9).orElse(Double.NaN))
                    .description("EWMA latency of successful calls (streams: to first content).").baseUnit("seconds")
                    .tags("model", h.model()).register(registry);
        }
    }

    private void count(String name, String help, String... tags) {
        counter(name, help, tags).increment();
    }

    private void add(String name, String help, double amount, String... tags) {
        counter(name, help, tags).increment(amount);
    }

    /**
     * The counter, registered on first use and then taken from {@link #meters}: a lookup by name and tag values
     * instead of a builder and the registry's id mapping on every request (issue 16's profile).
     */
    private Counter counter(String name, String help, String... tags) {
        return (Counter) meters.computeIfAbsent(new MeterKey(name, List.of(tags)),
                k -> Counter.builder(name).description(help).tags(tags).register(registry));
    }

    private Timer histogram(String name, String help, Duration[] buckets, String... tags) {
        return (Timer) meters.computeIfAbsent(new MeterKey(name, List.of(tags)),
                k -> Timer.builder(name).description(help).serviceLevelObjectives(buckets).tags(Tags.of(tags))
                        .register(registry));
    }

    /** A meter's name and tag values (name, value, name, value, ...), as the per-request code names them. */
    private record MeterKey(String name, List<String> tags) {
    }

    /** A label's values, kept as they are up to a bound and folded into one value after it. */
    static final class BoundedValues {
        private final int max;
        private final String overflow;
        private final java.util.Set<String> seen = ConcurrentHashMap.newKeySet();

        BoundedValues(int max, String overflow) {
            this.max = max;
            this.overflow = requireNonNull(overflow, "overflow is null");
        }

        String of(String value) {
            if (seen.contains(value)) {
                return value;
            }
            if (seen.size() < max) {
                seen.add(value);
                return value;
            }
            return overflow;
        }
    }

}
