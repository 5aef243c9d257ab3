package dev.ladder.upstream;

import static java.util.Objects.requireNonNull;

import dev.ladder.model.Attempt;
import dev.ladder.model.Failure;
import dev.ladder.model.LadderException;
import dev.ladder.model.ModelSpec;
import dev.ladder.model.Usage;
import dev.ladder.pipeline.AttemptSpec;
import dev.ladder.pipeline.AttemptStage;
import dev.ladder.pipeline.Dispatched;
import dev.ladder.pipeline.Exchange;
import dev.ladder.resilience.Deadline;
import dev.ladder.resilience.DeploymentMonitor;
import dev.ladder.resilience.RetryPolicy.Decision;
import dev.ladder.wire.Tokens;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The last stage of the attempt chain: calls the spec's deployments (one tier's, in order) until one answers,
 * within the request's latency budget. A deployment whose circuit breaker is open is skipped without a call.
 * After a failed call, the retry table ({@link dev.ladder.resilience.RetryPolicy}) decides: call the same
 * deployment again after a wait, fail over to the next one, or stop (the request is at fault). Every call is
 * an {@link Attempt} of the request, priced at its model's price and settled on the exchange; when every
 * deployment fails the error lists the attempts. Moving up a tier is the strategy's decision, not this stage's.
 * Streams are held until their first content (see {@link CommittedStream}), so a failure before the client sees
 * a byte fails over like any other.
 */
public final class UpstreamStage implements AttemptStage {

    private final Map<String, Deployment> deployments;
    private final UpstreamPolicy policy;
    private final DeploymentCaller caller;

    /** Failover only (no retries in place), default breakers and budgets. */
    public UpstreamStage(Map<String, Deployment> deployments) {
        this(deployments, UpstreamPolicy.failoverOnly(deployments));
    }

    public UpstreamStage(Map<String, Deployment> deployments, UpstreamPolicy policy) {
        this.deployments = Map.copyOf(deployments);
        this.policy = requireNonNull(policy, "policy is null");
        this.caller = new DeploymentCaller(policy.preCommit());
    }

    @Override
    public Dispatched handle(Exchange exchange, AttemptSpec spec, Chain chain) {
        Deadline deadline = policy.deadline(exchange);
        policy.retryBudget().deposit();
        List<Attempt> failed = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (ModelSpec model : spec.plan().candidates()) {
            Optional<Dispatched> answer = tryDeployment(exchange, spec, deployment(model), deadline, failed, skipped);
            if (answer.isPresent()) {
                return answer.get();
            }
        }
        throw new LadderException(failed.isEmpty() ? new Failure.Unavailable("No deployment could be tried: the "
                + "circuit breakers of " + String.join(", ", skipped) + " are open.")
                : new Failure.AllAttemptsFailed(failed));
    }

    /** Calls one deployment until it answers or the retry table says to move on (empty). */
    private Optional<Dispatched> tryDeployment(Exchange exchange, AttemptSpec spec, Deployment d, Deadline deadline,
            List<Attempt> failed, List<String> skipped) {
        for (int attempt = 1; ; attempt++) {
            if (deadline.expired(exchange.clock())) {
                throw budgetExceeded(deadline, exchange);
            }
            DeploymentMonitor monitor = policy.health().monitor(d.model().name());
            Optional<DeploymentMonitor.Call> health = monitor.tryAcquire();
            if (health.isEmpty()) {
                exchange.events().breakerRejected(exchange, d.model().name());
                skipped.add(d.model().name());
                return Optional.empty();
            }
            boolean budgetBound = deadline.bound(d.timeout(), exchange.clock()).compareTo(d.timeout()) < 0;
            int seq = exchange.beginAttempt();
            Instant started = exchange.clock().instant();
            try {
                return Optional.of(caller.call(exchange, spec, d, seq, health.get(), deadline, started));
            } catch (LadderException e) {
                Failure failure = e.failure();
                Attempt a = failedAttempt(exchange, spec, d, seq, started, failure);
                exchange.settle(a);
                failed.add(a);
                // the latency budget, not the deployment, cut this call short: say so, and blame nobody
                if (failure instanceof Failure.LatencyBudgetExceeded
                        || budgetBound && failure instanceof Failure.UpstreamTimeout) {
                    health.get().released();
                    throw budgetExceeded(deadline, exchange);
                }
                health.get().failed(failure);
                Decision decision = policy.retry().decide(failure, attempt, deadline.remaining(exchange.clock()),
                        policy.retryBudget(), policy.random());
                switch (decision) {
                    case Decision.Stop s -> throw e;
                    case Decision.FailOver f -> {
                        return Optional.empty();
                    }
                    case Decision.RetrySame r -> {
                        exchange.events().retryScheduled(exchange, a, r.after());
                        pause(r.after());
                    }
                }
            } catch (RuntimeException e) {
                // a provider bug: the request fails (500), but the breaker's permit must not stay out
                Failure failure = new Failure.UpstreamMalformed(d.provider().name(), e.toString());
                exchange.settle(failedAttempt(exchange, spec, d, seq, started, failure));
                health.get().failed(failure);
                throw e;
            }
        }
    }

    private static Attempt failedAttempt(Exchange exchange, AttemptSpec spec, Deployment d, int seq, Instant started,
            Failure failure) {
        return new Attempt(seq, spec.purpose(), d.model().name(), d.provider().name(), spec.plan().tier(), started,
                Duration.between(started, exchange.clock().instant()), spec.request(), Usage.ZERO, 0,
                new Attempt.Outcome.Failed(failure), Optional.empty());
    }

    private void pause(Duration wait) {
        try {
            policy.sleeper().sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LadderException(new Failure.Unavailable("interrupted while waiting to retry"));
        }
    }

    private Deployment deployment(ModelSpec model) {
        return requireNonNull(deployments.get(model.name()), () -> "no deployment for " + model.name());
    }

    /** The budget ran out: the error names every failed attempt of the request so far. */
    static LadderException budgetExceeded(Deadline deadline, Exchange exchange) {
        return new LadderException(new Failure.LatencyBudgetExceeded(deadline.budget(),
                exchange.attempts().stream().filter(a -> !a.succeeded()).toList()));
    }

    static Usage countedUsage(AttemptSpec spec, String completionText) {
        return new Usage(Tokens.promptTokens(spec.request()), Tokens.count(completionText), true);
    }
}
