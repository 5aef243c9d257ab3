package dev.ladder.telemetry;

import dev.ladder.model.Attempt;
import dev.ladder.model.BreakerTransition;
import dev.ladder.model.Classification;
import dev.ladder.model.CircuitState;
import dev.ladder.model.DeploymentHealth;
import dev.ladder.model.Escalation;
import dev.ladder.model.Tier;
import dev.ladder.pipeline.CacheLayer;
import dev.ladder.pipeline.Exchange;
import dev.ladder.pipeline.GatewayEvents;
import dev.ladder.pipeline.RequestRecord;
import dev.ladder.pipeline.RoutePlan;
import java.time.Duration;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters fed by the gateway's events, and gauges read from the deployments' health at scrape time, written
 * in the Prometheus text exposition format (0.0.4) by hand: no metrics library is needed for a handful of
 * series. Counters:
 *
 * <pre>
 * ladder_requests_total{model, outcome}                 requests by the model that answered ("none") and outcome
 * ladder_attempts_total{model, provider, purpose, outcome}  upstream calls by purpose and outcome ("ok" or the
 *                                                       failure kind, "cancelled")
 * ladder_cost_usd_total{model, purpose}                 what the attempts cost, at the models' prices
 * ladder_classifications_total{classifier, tier}        requests classified, by the classifier that decided
 * ladder_routes_total{tier}                             requests routed, by the tier the route stage chose
 * ladder_validations_total{tier, verdict}               answers validated (cascade, race): accepted / rejected
 * ladder_retries_total{model}                           retries in place scheduled by the retry table
 * ladder_breaker_rejections_total{model}                calls refused by an open breaker, without an upstream call
 * ladder_escalations_total{from, to, cause}             requests moved up a tier: "validation" or "failure"
 * ladder_breaker_transitions_total{model, from, to}     breaker state changes
 * ladder_cache_lookups_total{layer, result}             response cache lookups: "hit" or "miss"
 * </pre>
 *
 * Gauges: {@code ladder_requests_in_flight} (requests started and not yet recorded),
 * {@code ladder_breaker_state{model, state}} (1 for the current state, 0 for the others),
 * {@code ladder_deployment_failure_rate{model}}, {@code ladder_deployment_consecutive_failures{model}} and
 * {@code ladder_deployment_ewma_latency_seconds{model}} (absent before the first success). Thread-safe.
 */
public final class Metrics implements GatewayEvents {

    private record Counter(String name, String help) {
    }

    /** Every counter with its HELP text, in output order. */
    private static final List<Counter> COUNTERS = List.of(
            new Counter("ladder_requests_total", "Requests by the model that answered and their outcome."),
            new Counter("ladder_attempts_total", "Upstream calls by deployment, purpose and outcome."),
            new Counter("ladder_cost_usd_total", "Cost of upstream calls in USD, at the models' prices."),
            new Counter("ladder_classifications_total", "Requests classified, by the classifier that decided."),
            new Counter("ladder_routes_total", "Requests routed, by the tier chosen."),
            new Counter("ladder_validations_total", "Answers validated, by tier and verdict."),
            new Counter("ladder_retries_total", "Retries on the same deployment scheduled by the retry policy."),
            new Counter("ladder_breaker_rejections_total",
                    "Calls refused by an open breaker, without an upstream call."),
            new Counter("ladder_escalations_total",
                    "Requests moved up a tier: the answer was rejected, or every deployment of the tier failed."),
            new Counter("ladder_breaker_transitions_total", "Circuit breaker state changes by deployment."),
            new Counter("ladder_cache_lookups_total", "Response cache lookups by layer and result."));

    private final ConcurrentMap<String, ConcurrentMap<String, LongAdder>> counters = new ConcurrentHashMap<>();
    /** Sums of doubles (cost), keyed like the counters. */
    private final ConcurrentMap<String, ConcurrentMap<String, DoubleAdder>> sums = new ConcurrentHashMap<>();

    private final AtomicLong inFlight = new AtomicLong();

    @Override
    public void requestStarted(Exchange exchange) {
        inFlight.incrementAndGet();
    }

    @Override
    public void cacheLookup(Exchange exchange, CacheLayer layer, boolean hit) {
        count("ladder_cache_lookups_total", labels("layer", layer.wireName(), "result", hit ? "hit" : "miss"));
    }

    @Override
    public void completed(RequestRecord r) {
        inFlight.decrementAndGet();
        String outcome = r.failure().map(FailureKinds::of).orElse(r.httpStatus() < 400 ? "ok" : "client_closed");
        count("ladder_requests_total", labels("model", r.model().orElse("none"), "outcome", outcome));
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
        count("ladder_attempts_total", labels("model", a.model(), "provider", a.provider(), "purpose",
                a.purpose().wireName(), "outcome", outcome));
        if (a.costUsd() > 0) {
            sums.computeIfAbsent("ladder_cost_usd_total", n -> new ConcurrentHashMap<>())
                    .computeIfAbsent(labels("model", a.model(), "purpose", a.purpose().wireName()),
                            l -> new DoubleAdder()).add(a.costUsd());
        }
    }

    @Override
    public void classified(Exchange exchange, Classification c) {
        count("ladder_classifications_total", labels("classifier", c.classifier(), "tier", c.tier().wireName()));
    }

    @Override
    public void routed(Exchange exchange, RoutePlan plan) {
        count("ladder_routes_total", labels("tier", plan.tier().map(Tier::wireName).orElse("none")));
    }

    @Override
    public void validated(Exchange exchange, Attempt attempt, Attempt.Verdict verdict) {
        count("ladder_validations_total", labels("tier", attempt.tier().map(Tier::wireName).orElse("none"),
                "verdict", verdict.accepted() ? "accepted" : "rejected"));
    }

    @Override
    public void retryScheduled(Exchange exchange, Attempt failed, Duration delay) {
        count("ladder_retries_total", labels("model", failed.model()));
    }

    @Override
    public void breakerRejected(Exchange exchange, String deployment) {
        count("ladder_breaker_rejections_total", labels("model", deployment));
    }

    @Override
    public void escalated(Exchange exchange, Escalation e) {
        count("ladder_escalations_total", labels("from", e.from().wireName(), "to", e.to().wireName(), "cause",
                e.cause().wireName()));
    }

    @Override
    public void breakerTransition(BreakerTransition t) {
        count("ladder_breaker_transitions_total", labels("model", t.deployment(), "from", t.from().wireName(),
                "to", t.to().wireName()));
    }

    /** The current value of a counter series (0 when it never counted); for tests and the chaos report. */
    public long counter(String name, String... labelPairs) {
        LongAdder a = counters.getOrDefault(name, new ConcurrentHashMap<>()).get(labels(labelPairs));
        return a == null ? 0 : a.sum();
    }

    /** The current value of a sum series (0 when nothing was added). */
    public double sum(String name, String... labelPairs) {
        DoubleAdder a = sums.getOrDefault(name, new ConcurrentHashMap<>()).get(labels(labelPairs));
        return a == null ? 0 : a.sum();
    }

    /** Every counter and the health gauges of {@code deployments}, in the text exposition format. */
    public String scrape(List<DeploymentHealth> deployments) {
        StringBuilder out = new StringBuilder();
        for (Counter c : COUNTERS) {
            out.append("# HELP ").append(c.name()).append(' ').append(c.help()).append('\n');
            out.append("# TYPE ").append(c.name()).append(" counter\n");
            new TreeMap<>(counters.getOrDefault(c.name(), new ConcurrentHashMap<>())).forEach((labels, value) ->
                    out.append(c.name()).append(labels).append(' ').append(value.sum()).append('\n'));
            new TreeMap<>(sums.getOrDefault(c.name(), new ConcurrentHashMap<>())).forEach((labels, value) ->
                    out.append(c.name()).append(labels).append(' ').append(value.sum()).append('\n'));
        }
        gauge(out, "ladder_requests_in_flight", "Requests started and not yet recorded.");
        out.append("ladder_requests_in_flight ").append(inFlight.get()).append('\n');
        gauge(out, "ladder_breaker_state", "Circuit breaker state per deployment (1 = current state).");
        for (DeploymentHealth h : deployments) {
            for (CircuitState s : CircuitState.values()) {
                out.append("ladder_breaker_state").append(labels("model", h.model(), "state", s.wireName()))
                        .append(' ').append(h.state() == s ? 1 : 0).append('\n');
            }
        }
        gauge(out, "ladder_deployment_failure_rate", "Failure rate over the breaker's sliding window.");
        deployments.forEach(h -> out.append("ladder_deployment_failure_rate").append(labels("model", h.model()))
                .append(' ').append(h.failureRate()).append('\n'));
        gauge(out, "ladder_deployment_consecutive_failures", "Failures since the deployment's last success.");
        deployments.forEach(h -> out.append("ladder_deployment_consecutive_failures")
                .append(labels("model", h.model())).append(' ').append(h.consecutiveFailures()).append('\n'));
        gauge(out, "ladder_deployment_ewma_latency_seconds",
                "EWMA latency of successful calls (streams: to first content).");
        deployments.forEach(h -> h.ewmaLatency().ifPresent(l -> out.append("ladder_deployment_ewma_latency_seconds")
                .append(labels("model", h.model())).append(' ').append(l.toNanos() / 1e9).append('\n')));
        return out.toString();
    }

    private static void gauge(StringBuilder out, String name, String help) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(" gauge\n");
    }

    private void count(String name, String labels) {
        counters.computeIfAbsent(name, n -> new ConcurrentHashMap<>()).computeIfAbsent(labels, l -> new LongAdder())
                .increment();
    }

    /** {@code {a="1",b="2"}} from name/value pairs, values escaped as the format requires. */
    static String labels(String... pairs) {
        if (pairs.length % 2 != 0) {
            throw new IllegalArgumentException("labels come in name/value pairs");
        }
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < pairs.length; i += 2) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(pairs[i]).append("=\"").append(pairs[i + 1].replace("\\", "\\\\").replace("\"", "\\\"")
                    .replace("\n", "\\n")).append('"');
        }
        return sb.append('}').toString();
    }
}
