package dev.ladder.classify;

import static java.util.Objects.requireNonNull;

import dev.ladder.pipeline.Exchange;
import dev.ladder.pipeline.ModelCalls;
import dev.ladder.pipeline.Reply;
import dev.ladder.pipeline.Stage;
import java.util.function.Function;

/**
 * Classifies requests that ask Ladder to route (their model is the routing alias, e.g. {@code ladder/auto})
 * and records the classification on the exchange; requests naming a concrete model pass through untouched.
 */
public final class ClassifyStage implements Stage {

    private final Classifier classifier;
    private final String alias;
    private final Function<Exchange, ModelCalls> calls;

    /** Classifiers that call no model. */
    public ClassifyStage(Classifier classifier, String alias) {
        this(classifier, alias, exchange -> ModelCalls.NONE);
    }

    /** @param calls a classifier's model calls on behalf of a request (each an attempt of that request) */
    public ClassifyStage(Classifier classifier, String alias, Function<Exchange, ModelCalls> calls) {
        this.classifier = requireNonNull(classifier, "classifier is null");
        this.alias = requireNonNull(alias, "alias is null");
        this.calls = requireNonNull(calls, "calls is null");
    }

    @Override
    public Reply handle(Exchange exchange, Chain chain) {
        // a rule already decided (or pinned a model): the classifiers are bypassed
        boolean decided = exchange.classification().isPresent() || exchange.pinnedModel().isPresent();
        if (asksToRoute(exchange) && !decided) {
            exchange.classification(classifier.classify(exchange.request(), calls.apply(exchange)));
        }
        return chain.proceed(exchange);
    }

    private boolean asksToRoute(Exchange exchange) {
        return alias.equals(exchange.request().model());
    }
}
