package dev.ladder.classify;

import static java.util.Objects.requireNonNull;

import dev.ladder.model.Classification;
import dev.ladder.pipeline.Exchange;
import dev.ladder.pipeline.Reply;
import dev.ladder.pipeline.Stage;
import java.util.List;
import java.util.Map;

/**
 * The first classifier of the chain: config rules. A matching rule decides with full confidence, so the
 * classifiers after it do not run (a bypass for latency-critical features); a rule naming a model pins the
 * request to it. Only requests for the routing alias are routed by rules; a request naming a model was
 * already routed by its client.
 */
public final class RulesStage implements Stage {

    public static final String CLASSIFIER_PREFIX = "rule:";

    private final List<RoutingRule> rules;
    private final String alias;

    public RulesStage(List<RoutingRule> rules, String alias) {
        this.rules = List.copyOf(rules);
        this.alias = requireNonNull(alias, "alias is null");
    }

    @Override
    public Reply handle(Exchange exchange, Chain chain) {
        if (!rules.isEmpty() && alias.equals(exchange.request().model())) {
            for (RoutingRule rule : rules) {
                if (rule.matches(exchange.request(), exchange.context())) {
                    apply(rule, exchange);
                    break;
                }
            }
        }
        return chain.proceed(exchange);
    }

    private static void apply(RoutingRule rule, Exchange exchange) {
        if (rule.model().isPresent()) {
            exchange.pin(rule.model().get(), "rule " + rule.name());
            return;
        }
        exchange.classification(new Classification(CLASSIFIER_PREFIX + rule.name(), 1.0, rule.tier().orElseThrow(),
                1.0, Map.of("rule", 1.0)));
    }
}
