package dev.ladder.route;

import dev.ladder.model.Failure;
import dev.ladder.model.LadderException;
import dev.ladder.model.ModelSpec;
import dev.ladder.model.Requirements;
import dev.ladder.pipeline.AttemptSpec;
import dev.ladder.pipeline.AttemptStage;
import dev.ladder.pipeline.Dispatched;
import dev.ladder.pipeline.Exchange;
import dev.ladder.pipeline.RoutePlan;
import dev.ladder.wire.Tokens;
import java.util.List;
import java.util.OptionalInt;

/**
 * The attempt chain's guard, after the tier defaults: a call goes only to deployments that can serve the
 * request exactly as it is sent (its capabilities, and its prompt plus {@code max_tokens} within the window),
 * whoever made the plan: a route, a cascade step with its longer augmented prompt, a race leg, a consensus
 * sample. Routing already plans around incapable models; this stage makes "never" hold for every caller.
 * When no deployment of the plan can serve it, nothing is called and the attempt fails as unavailable.
 */
public final class CapableDeploymentsStage implements AttemptStage {

    @Override
    public Dispatched handle(Exchange exchange, AttemptSpec spec, Chain chain) {
        Requirements needs = Tokens.requirements(spec.request());
        List<ModelSpec> candidates = spec.plan().candidates();
        List<ModelSpec> able = candidates.stream().filter(m -> needs.metBy(m)).toList();
        if (able.size() == candidates.size()) {
            return chain.proceed(exchange, spec);
        }
        if (able.isEmpty()) {
            throw new LadderException(new Failure.Unavailable("No deployment could be tried: " + String.join("; ",
                    candidates.stream().map(m -> needs.unmetBy(m, OptionalInt.empty()).orElseThrow()).toList())
                    + "."));
        }
        RoutePlan p = spec.plan();
        return chain.proceed(exchange, new AttemptSpec(spec.purpose(), new RoutePlan(p.tier(), able, p.reason()),
                spec.request(), spec.timeout()));
    }
}
