package dev.ladder.pipeline;

import static java.util.Objects.requireNonNull;

import dev.ladder.model.LadderException;
import dev.ladder.model.Failure;
import java.util.List;
import java.util.Optional;

/**
 * The attempt chain: runs its stages in order for each call to a model, with the same contract as
 * {@link Pipeline} (each stage proceeds at most once; the last one answers). Strategies dispatch every answer
 * through it, and {@link #calls} lends it to the judge and the LLM classifier, so every upstream call is
 * resilient, priced, billed and logged in one place.
 */
public final class Attempts {

    private final List<AttemptStage> stages;

    public Attempts(List<AttemptStage> stages) {
        this.stages = List.copyOf(stages);
        if (this.stages.isEmpty()) {
            throw new IllegalArgumentException("an attempt chain needs at least one stage");
        }
    }

    public Dispatched dispatch(Exchange exchange, AttemptSpec spec) {
        requireNonNull(exchange, "exchange is null");
        requireNonNull(spec, "spec is null");
        return new Link(0).proceed(exchange, spec);
    }

    /**
     * Complete (unstreamed) calls on behalf of {@code exchange}: each one an attempt of that request, through
     * this chain. The request must not ask to stream.
     */
    public ModelCalls calls(Exchange exchange) {
        return (purpose, model, request, timeout) -> {
            if (request.stream()) {
                throw new IllegalArgumentException("model calls are complete calls: the request must not stream");
            }
            RoutePlan plan = new RoutePlan(Optional.empty(), List.of(model), purpose.wireName());
            Dispatched d = dispatch(exchange, new AttemptSpec(purpose, plan, request, Optional.of(timeout)));
            return switch (d.reply()) {
                case Reply.Complete c -> c.response();
                case Reply.Streaming s -> {
                    s.stream().close();
                    throw new LadderException(new Failure.Unavailable("a complete call was answered with a stream"));
                }
            };
        };
    }

    private final class Link implements AttemptStage.Chain {
        private final int index;
        private boolean called;

        Link(int index) {
            this.index = index;
        }

        @Override
        public Dispatched proceed(Exchange exchange, AttemptSpec spec) {
            if (index >= stages.size()) {
                throw new IllegalStateException("the last attempt stage called proceed(): nothing comes after it");
            }
            if (called) {
                throw new IllegalStateException("attempt stage " + (index - 1) + " called proceed() more than once");
            }
            called = true;
            AttemptStage stage = stages.get(index);
            Dispatched d = stage.handle(exchange, requireNonNull(spec, "spec is null"), new Link(index + 1));
            return requireNonNull(d, () -> "attempt stage " + stage.getClass().getSimpleName() + " returned null");
        }
    }
}
