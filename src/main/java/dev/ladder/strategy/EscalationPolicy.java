package dev.ladder.strategy;

import dev.ladder.model.Tier;
import dev.ladder.pipeline.Exchange;
import dev.ladder.pipeline.Planner;
import dev.ladder.pipeline.RoutePlan;
import java.util.Optional;

/** Pure: may a request move up from {@code tier}, and to which tier. */
final class EscalationPolicy {

    /** A cascade escalates at most twice, counting escalations on upstream failure. */
    static final int MAX_ESCALATIONS = 2;

    private EscalationPolicy() {
    }

    /**
     * Guard clauses: the caller forced the tier (theirs to change); the request already escalated twice; there
     * is no tier above; the caller's cap forbids the next one.
     */
    static Optional<Tier> next(Exchange exchange, Tier from) {
        // x-ladder-tier is the caller's decision
        if (exchange.context().forcedTier().isPresent()) {
            return Optional.empty();
        }
        // never more than two escalations, whatever caused them
        if (exchange.escalations() >= MAX_ESCALATIONS) {
            return Optional.empty();
        }
        Optional<Tier> next = from.next();
        // x-ladder-max-tier bounds escalation too
        if (next.isPresent() && exchange.context().maxTier().isPresent()
                && next.get().isAbove(exchange.context().maxTier().get())) {
            return Optional.empty();
        }
        return next;
    }

    /**
     * The plan of the nearest tier above {@code from} that may be asked ({@link #next}) and can serve the
     * request: a tier without a capable model (no json_schema, no tools, no room for the prompt) is passed over.
     */
    static Optional<RoutePlan> nextPlan(Planner planner, Exchange exchange, Tier from) {
        for (Optional<Tier> t = next(exchange, from); t.isPresent(); t = next(exchange, t.get())) {
            Optional<RoutePlan> plan = planner.planFor(exchange, t.get());
            if (plan.isPresent()) {
                return plan;
            }
        }
        return Optional.empty();
    }
}
