package dev.ladder.pipeline;

/**
 * One step of the attempt chain, the part of the path every call to a model takes (answers, cascade steps,
 * race legs, judges, the LLM classifier): a stage either answers or calls {@link Chain#proceed} exactly once,
 * with the spec it was given or a changed copy. The order is written once, in the composition root.
 */
@FunctionalInterface
public interface AttemptStage {

    Dispatched handle(Exchange exchange, AttemptSpec spec, Chain chain);

    /** The rest of the attempt chain after the current stage. */
    interface Chain {
        Dispatched proceed(Exchange exchange, AttemptSpec spec);
    }
}
