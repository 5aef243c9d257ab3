package dev.ladder.pipeline;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * Runs stages in order. Enforces the contract: each stage calls {@code proceed} at most once, and the last
 * stage must answer; a violation is a programming error and fails loudly.
 */
public final class Pipeline {

    private final List<Stage> stages;

    public Pipeline(List<Stage> stages) {
        this.stages = List.copyOf(stages);
        if (this.stages.isEmpty()) {
            throw new IllegalArgumentException("a pipeline needs at least one stage");
        }
    }

    public Reply execute(Exchange exchange) {
        requireNonNull(exchange, "exchange is null");
        return new Link(0).proceed(exchange);
    }

    private final class Link implements Stage.Chain {
        private final int index;
        private boolean called;

        Link(int index) {
            this.index = index;
        }

        @Override
        public Reply proceed(Exchange exchange) {
            if (index >= stages.size()) {
                throw new IllegalStateException("the last stage called proceed(): nothing comes after it");
            }
            if (called) {
                throw new IllegalStateException("stage " + (index - 1) + " called proceed() more than once");
            }
            called = true;
            Stage stage = stages.get(index);
            Reply reply = stage.handle(exchange, new Link(index + 1));
            return requireNonNull(reply, () -> "stage " + stage.getClass().getSimpleName() + " returned null");
        }
    }
}
