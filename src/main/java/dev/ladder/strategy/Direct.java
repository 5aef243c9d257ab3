package dev.ladder.strategy;

import static java.util.Objects.requireNonNull;

import dev.ladder.model.ChatRequest;
import dev.ladder.model.Escalation;
import dev.ladder.model.Failure;
import dev.ladder.model.LadderException;
import dev.ladder.pipeline.AttemptSpec;
import dev.ladder.pipeline.Attempts;
import dev.ladder.pipeline.Dispatched;
import dev.ladder.pipeline.Exchange;
import dev.ladder.pipeline.RoutePlan;
import java.util.Optional;

/**
 * One answer from one plan, through the attempt chain: the plan's tier first; when every deployment of it
 * failed (or had its breaker open) and the plan names a tier above, the request moves up (an escalation on
 * failure) and tries again there. What the client sees when the last tier fails too lists every failed call.
 * Every strategy gets its answers here.
 */
final class Direct {

    private final Attempts attempts;

    Direct(Attempts attempts) {
        this.attempts = requireNonNull(attempts, "attempts is null");
    }

    Dispatched dispatch(Exchange exchange, RoutePlan plan, ChatRequest request) {
        RoutePlan step = plan;
        while (true) {
            try {
                return attempts.dispatch(exchange, AttemptSpec.answer(step, request));
            } catch (LadderException e) {
                Optional<RoutePlan> next = moveUp(exchange, step, e.failure());
                if (next.isEmpty()) {
                    throw escalated(exchange) ? aggregate(exchange, e) : e;
                }
                exchange.escalated(new Escalation(step.tier().orElseThrow(), next.get().tier().orElseThrow(),
                        Escalation.Cause.FAILURE, e.failure().message()));
                step = next.get();
            }
        }
    }

    /**
     * Guard clauses: only a tier that failed as a whole moves up (a request at fault, or a spent latency
     * budget, ends here); the plan must name where to; a request escalates at most twice.
     */
    private static Optional<RoutePlan> moveUp(Exchange exchange, RoutePlan step, Failure failure) {
        // every deployment failed or was skipped by its breaker
        if (!(failure instanceof Failure.AllAttemptsFailed || failure instanceof Failure.Unavailable)) {
            return Optional.empty();
        }
        // never more than two escalations, whatever caused them
        if (exchange.escalations() >= EscalationPolicy.MAX_ESCALATIONS) {
            return Optional.empty();
        }
        return step.onFailure();
    }

    private static boolean escalated(Exchange exchange) {
        return exchange.escalationList().stream().anyMatch(x -> x.cause() == Escalation.Cause.FAILURE);
    }

    /** After moving up on failure, the client's error names every failed call of every tier tried. */
    private static LadderException aggregate(Exchange exchange, LadderException last) {
        var failed = exchange.attempts().stream().filter(a -> !a.succeeded()).toList();
        boolean tierFailure = last.failure() instanceof Failure.AllAttemptsFailed
                || last.failure() instanceof Failure.Unavailable;
        return tierFailure && !failed.isEmpty() ? new LadderException(new Failure.AllAttemptsFailed(failed), last)
                : last;
    }
}
