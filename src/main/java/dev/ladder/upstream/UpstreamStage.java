package dev.ladder.upstream;

import static java.util.Objects.requireNonNull;

import dev.ladder.model.Attempt;
import dev.ladder.model.Failure;
import dev.ladder.model.LadderException;
import dev.ladder.model.ModelSpec;
import dev.ladder.model.Usage;
import dev.ladder.pipeline.Dispatcher;
import dev.ladder.pipeline.Exchange;
import dev.ladder.pipeline.Reply;
import dev.ladder.pipeline.RoutePlan;
import dev.ladder.pipeline.Stage;
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
 * The last stage: calls the plan's deployments in order until one answers, within the request's latency
 * budget. A deployment whose circuit breaker is open is skipped without a call. After a failed call, the
 * retry table ({@link dev.ladder.resilience.RetryPolicy}) decides: call the same deployment again after a
 * wait, fail over to the next one, or stop (the request is at fault). When every deployment of the tier
 * failed and the plan allows it, the request moves up a tier (an escalation). Every call is recorded as an
 * {@link Attempt}; when all fail the error lists them all. Streams are held until their first content (see
 * {@link CommittedStream}), so a failure before the client sees a byte fails over like any other.
 */
public final class UpstreamStage implements Stage, Dispatcher {

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
    public Reply handle(Exchange exchange, Chain chain) {
        return dispatch(exchange, exchange.plan().orElseThrow(() -> new IllegalStateException("no route plan")));
    }

    @Override
    public Reply dispatch(Exchange exchange, RoutePlan plan) {
        Deadline deadline = policy.deadline(exchange);
        policy.retryBudget().deposit();
        List<Attempt> failed = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        RoutePlan step = plan;
        while (true) {
            for (ModelSpec model : step.candidates()) {
                Optional<Reply> reply = tryDeployment(exchange, deployment(model), step, deadline, failed, skipped);
                if (reply.isPresent()) {
                    return reply.get();
                }
            }
            Optional<RoutePlan> next = step.onFailure();
            if (next.isEmpty()) {
                break;
            }
            exchange.escalated();
            exchange.events().escalatedOnFailure(exchange, step.tier().orElseThrow(), next.get().tier().orElseThrow());
            step = next.get();
        }
        throw new LadderException(failed.isEmpty() ? new Failure.Unavailable("No deployment could be tried: the "
                + "circuit breakers of " + String.join(", ", skipped) + " are open.")
                : new Failure.AllAttemptsFailed(failed));
    }

    /** Calls one deployment until it answers or the retry table says to move on (empty). */
    private Optional<Reply> tryDeployment(Exchange exchange, Deployment d, RoutePlan step, Deadline deadline,
            List<Attempt> failed, List<String> skipped) {
        for (int attempt = 1; ; attempt++) {
            if (deadline.expired(exchange.clock())) {
                throw budgetExceeded(deadline, failed);
            }
            DeploymentMonitor monitor = policy.health().monitor(d.model().name());
            Optional<DeploymentMonitor.Call> health = monitor.tryAcquire();
            if (health.isEmpty()) {
                exchange.events().breakerRejected(exchange, d.model().name());
                skipped.add(d.model().name());
                return Optional.empty();
            }
            boolean budgetBound = DeploymentCaller.timeout(d, deadline, exchange).compareTo(d.timeout()) < 0;
            Instant started = exchange.clock().instant();
            try {
                return Optional.of(caller.call(exchange, d, step, health.get(), deadline, started));
            } catch (LadderException e) {
                Failure failure = e.failure();
                Attempt a = new Attempt(d.model().name(), d.provider().name(), step.tier().orElse(null), started,
                        Duration.between(started, exchange.clock().instant()), Optional.of(failure));
                exchange.attempt(a);
                failed.add(a);
                // the latency budget, not the deployment, cut this call short: say so, and blame nobody
                if (failure instanceof Failure.LatencyBudgetExceeded
                        || budgetBound && failure instanceof Failure.UpstreamTimeout) {
                    health.get().released();
                    throw budgetExceeded(deadline, failed);
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
                health.get().failed(new Failure.UpstreamMalformed(d.provider().name(), e.toString()));
                throw e;
            }
        }
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

    private static LadderException budgetExceeded(Deadline deadline, List<Attempt> failed) {
        return new LadderException(new Failure.LatencyBudgetExceeded(deadline.budget(), failed));
    }

    static Usage countedUsage(Exchange exchange, String completionText) {
        return new Usage(Tokens.promptTokens(exchange.request()), Tokens.count(completionText), true);
    }
}
