package dev.ladder.upstream;

import dev.ladder.model.ChatChunk;
import dev.ladder.model.ChunkStream;
import dev.ladder.model.Failure;
import dev.ladder.model.LadderException;
import dev.ladder.resilience.Deadline;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * A stream held back until it commits, then read within the request's latency budget.
 *
 * <p>The pre-commit window: {@link #hold} reads ahead (buffering what it reads) until the first chunk with
 * content, the clean end, or the pre-commit deadline, whichever comes first. Until then nothing has reached
 * the client, so a failure thrown by {@code hold} can still fail over to another deployment invisibly. The
 * deadline exists so that a slow but healthy stream is not held forever: when it passes, the stream commits
 * with what it has. After the commit, failures surface from {@link #next()}, and the API edge ends the
 * stream with an explicit error event.
 *
 * <p>The budget: no read waits past the request's {@link Deadline}; when it runs out the upstream is closed
 * and {@link Failure.LatencyBudgetExceeded} is thrown (before the commit as after it).
 */
final class CommittedStream implements ChunkStream {

    private final StreamPump pump;
    private final Deque<ChatChunk> buffered;
    private final Deadline deadline;
    private final InstantSource clock;

    private CommittedStream(StreamPump pump, Deque<ChatChunk> buffered, Deadline deadline, InstantSource clock) {
        this.pump = pump;
        this.buffered = buffered;
        this.deadline = deadline;
        this.clock = clock;
    }

    /**
     * Reads until the first content, the end or {@code preCommit} has passed. Closes the upstream if that
     * fails or the budget runs out first.
     */
    static CommittedStream hold(ChunkStream upstream, Duration preCommit, Deadline deadline, InstantSource clock) {
        StreamPump pump = StreamPump.start(upstream);
        Deque<ChatChunk> buffered = new ArrayDeque<>();
        Instant commitAt = clock.instant().plus(preCommit);
        try {
            while (true) {
                Duration untilCommit = Duration.between(clock.instant(), commitAt);
                Duration left = deadline.remaining(clock);
                if (left.isZero()) {
                    throw budgetExceeded(deadline);
                }
                if (!untilCommit.isPositive()) {
                    break;
                }
                Optional<StreamPump.Item> item = pump.poll(untilCommit.compareTo(left) < 0 ? untilCommit : left);
                if (item.isEmpty()) {
                    continue;
                }
                boolean commit = switch (item.get()) {
                    case StreamPump.Item.Chunk c -> {
                        buffered.add(c.chunk());
                        yield c.chunk().hasContent();
                    }
                    case StreamPump.Item.End e -> true;
                    case StreamPump.Item.Failed f -> throw f.error();
                };
                if (commit) {
                    break;
                }
            }
        } catch (RuntimeException e) {
            pump.close();
            throw e;
        } catch (InterruptedException e) {
            pump.close();
            Thread.currentThread().interrupt();
            throw new LadderException(new Failure.Unavailable("interrupted while waiting for the upstream stream"));
        }
        return new CommittedStream(pump, buffered, deadline, clock);
    }

    @Override
    public Optional<ChatChunk> next() {
        ChatChunk head = buffered.poll();
        if (head != null) {
            return Optional.of(head);
        }
        try {
            Duration left = deadline.remaining(clock);
            Optional<StreamPump.Item> item = left.isZero() ? Optional.empty() : pump.poll(left);
            if (item.isEmpty()) {
                pump.close();
                throw budgetExceeded(deadline);
            }
            return switch (item.get()) {
                case StreamPump.Item.Chunk c -> Optional.of(c.chunk());
                case StreamPump.Item.End e -> Optional.empty();
                case StreamPump.Item.Failed f -> throw f.error();
            };
        } catch (InterruptedException e) {
            pump.close();
            Thread.currentThread().interrupt();
            throw new LadderException(new Failure.Unavailable("interrupted while waiting for the upstream stream"));
        }
    }

    @Override
    public void close() {
        pump.close();
    }

    private static LadderException budgetExceeded(Deadline deadline) {
        return new LadderException(new Failure.LatencyBudgetExceeded(deadline.budget(), List.of()));
    }
}
