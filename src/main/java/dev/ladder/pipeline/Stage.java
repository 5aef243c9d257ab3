package dev.ladder.pipeline;

/**
 * One step of the request path. A stage either answers (returns a {@link Reply} without calling the chain)
 * or calls {@link Chain#proceed(Exchange)} exactly once and may act on what comes back. The order of the
 * stages is written in one place: the composition root ({@code dev.ladder.cli.Gateway}).
 */
@FunctionalInterface
public interface Stage {

    Reply handle(Exchange exchange, Chain chain);

    /** The rest of the path after the current stage. */
    interface Chain {
        Reply proceed(Exchange exchange);
    }
}
