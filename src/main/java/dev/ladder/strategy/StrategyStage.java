package dev.ladder.strategy;

import static java.util.Objects.requireNonNull;

import dev.ladder.model.LadderException;
import dev.ladder.pipeline.AnswerValidation;
import dev.ladder.pipeline.Attempts;
import dev.ladder.pipeline.Dispatched;
import dev.ladder.pipeline.Exchange;
import dev.ladder.pipeline.Planner;
import dev.ladder.pipeline.Reply;
import dev.ladder.pipeline.RoutePlan;
import dev.ladder.pipeline.Stage;
import java.util.Map;
import java.util.Optional;

/**
 * The last stage of the request path: chooses how a routed request uses its tiers ({@code x-ladder-strategy}
 * from the caller, else the route's by feature tag, else the default) and gets its answer through the attempt
 * chain, once per upstream call. Requests naming a model, or pinned to one by a rule, always go direct.
 */
public final class StrategyStage implements Stage {

    private final String alias;
    private final Strategy defaultStrategy;
    private final Map<String, Strategy> byFeature;
    private final Direct direct;
    private final Cascade cascade;
    private final Race race;

    public StrategyStage(String alias, Strategy defaultStrategy, Map<String, Strategy> byFeature, Planner planner,
            Attempts attempts, AnswerValidation validation) {
        this.alias = requireNonNull(alias, "alias is null");
        this.defaultStrategy = requireNonNull(defaultStrategy, "defaultStrategy is null");
        this.byFeature = Map.copyOf(byFeature);
        this.direct = new Direct(attempts);
        this.cascade = new Cascade(planner, direct, attempts, validation);
        this.race = new Race(planner, direct, attempts, validation);
    }

    @Override
    public Reply handle(Exchange exchange, Chain chain) {
        RoutePlan plan = exchange.plan().orElseThrow(() -> new IllegalStateException("no route plan"));
        Strategy strategy = strategyOf(exchange);
        boolean routed = alias.equals(exchange.request().model()) && exchange.pinnedModel().isEmpty()
                && plan.tier().isPresent();
        // a named or pinned model has no tiers to play with
        Strategy chosen = routed ? strategy : Strategy.DIRECT;
        exchange.strategy(chosen.wireName());
        return switch (chosen) {
            case DIRECT -> {
                Dispatched d = direct.dispatch(exchange, plan, exchange.request());
                exchange.answered(d);
                yield d.reply();
            }
            case CASCADE -> cascade.run(exchange, plan);
            case RACE -> race.run(exchange, plan);
        };
    }

    private Strategy strategyOf(Exchange exchange) {
        Optional<String> asked = exchange.context().strategy();
        if (asked.isPresent()) {
            return Strategy.parse(asked.get()).orElseThrow(() -> LadderException.badRequest("Invalid value for header "
                    + "x-ladder-strategy: '" + asked.get() + "'. Supported values are: 'direct', 'cascade' and 'race'.",
                    "x-ladder-strategy"));
        }
        return exchange.context().feature().map(byFeature::get).orElse(defaultStrategy);
    }
}
