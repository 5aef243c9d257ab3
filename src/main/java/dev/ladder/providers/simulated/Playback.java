package dev.ladder.providers.simulated;

import dev.ladder.model.ChatChunk;
import java.util.Optional;

/**
 * Acts out a streamed {@link Plan}: after the time to first token a role chunk, then one chunk per piece of
 * the answer, each after its tokens' time, then the finish chunk and, when asked for, the usage chunk. A
 * {@link Outcome.Cut} stops it with {@link StreamCut} before the piece it names; a {@link Outcome.Stall} with
 * {@link Stalled}, a {@link Outcome.Malformed} with {@link Garbled}. Not thread-safe: one reader per call.
 */
final class Playback {

    /** The simulated upstream dropped the connection. */
    static final class StreamCut extends Exception {
        StreamCut() {
            super("simulated upstream dropped the connection mid-stream", null, false, false);
        }
    }

    /** The simulated upstream stopped sending (without closing) before the piece it was due to send. */
    static final class Stalled extends Exception {
        Stalled() {
            super("simulated upstream stopped sending mid-stream", null, false, false);
        }
    }

    /** The simulated upstream sent garbage where the next chunk should be. */
    static final class Garbled extends Exception {
        Garbled() {
            super("simulated upstream sent a malformed chunk", null, false, false);
        }
    }

    private final Plan plan;
    private final Sleeper sleeper;
    private final boolean includeUsage;
    private int step;
    private boolean done;

    Playback(Plan plan, Sleeper sleeper, boolean includeUsage) {
        this.plan = plan;
        this.sleeper = sleeper;
        this.includeUsage = includeUsage;
    }

    /** The next chunk, after its delay, or empty once the last one was returned. */
    Optional<ChatChunk> next() throws InterruptedException, StreamCut, Stalled, Garbled {
        if (done) {
            return Optional.empty();
        }
        if (step == 0) {
            sleeper.sleep(plan.timing().firstToken());
            step++;
            return Optional.of(plan.roleChunk());
        }
        int piece = step - 1;
        int pieces = plan.pieces().size();
        if (plan.outcome() instanceof Outcome.Cut cut && piece >= cut.afterPieces()) {
            throw new StreamCut();
        }
        if (plan.outcome() instanceof Outcome.Stall stall && piece >= stall.afterPieces()) {
            throw new Stalled();
        }
        if (plan.outcome() instanceof Outcome.Malformed bad && piece >= bad.atPiece()) {
            throw new Garbled();
        }
        step++;
        if (piece < pieces) {
            sleeper.sleep(plan.timing().forTokens(plan.pieces().get(piece).tokenCount()));
            return Optional.of(plan.contentChunk(piece));
        }
        if (piece == pieces) {
            done = !includeUsage;
            return Optional.of(plan.finishChunk());
        }
        done = true;
        return Optional.of(plan.usageChunk());
    }

    /** True once the last chunk was returned: the stream ended cleanly. */
    boolean done() {
        return done;
    }
}
