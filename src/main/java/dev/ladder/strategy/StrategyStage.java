package dev.ladder.strategy;

import static java.util.Objects.requireNonNull;

import dev.ladder.model.LadderException;
import dev.ladder.pipeline.Dispatcher;
import dev.ladder.pipeline.Exchange;
import dev.ladder.pipeline.Planner;
import dev.ladder.pipeline.Reply;
import dev.ladder.pipeline.Stage;
import dev.ladder.validate.Validation;
import java.util.Map;
import java.util.Optional;

/**
 * Chooses how a routed request uses its tiers: {@code x-ladder-strategy} from the caller, else the route's
 * (by feature tag), else the default. Direct goes down the chain to the upstream stage; cascade and race call
 * the upstreams through the {@link Dispatcher} themselves, once per tier. Requests naming a model, or pinned to
 * one by a rule, always go direct.
 */
public final class StrategyStage implements Stage {

    private final String alias;
    private final Strategy defaultStrategy;
    private final Map<String, Strategy> byFeature;
    private final Cascade cascade;
    private final Race race;

    public StrategyStage(String alias, Strategy defaultStrategy, Map<String, Strategy> byFeature, Planner planner,
            Dispatcher dispatcher, Validation validation) {
        this.alias = requireNonNull(alias, "alias is null");
        this.defaultStrategy = requireNonNull(defaultStrategy, "defaultStrategy is null");
        this.byFeature = Map.copyOf(byFeature);
        this.cascade = new Cascade(planner, dispatcher, validation);
        this.race = new Race(planner, dispatcher, validation);
    }

    @Override
    public Reply handle(Exchange exchange, Chain chain) {
        Strategy strategy = strategyOf(exchange);
        boolean routed = alias.equals(exchange.request().model()) && exchange.pinnedModel().isEmpty()
                && exchange.plan().flatMap(p -> p.tier()).isPresent();
        // a named or pinned model has no tiers to play with
        if (!routed) {
            return chain.proceed(exchange);
        }
        return switch (strategy) {
            case DIRECT -> chain.proceed(exchange);
            case CASCADE -> cascade.run(exchange);
            case RACE -> race.run(exchange);
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
