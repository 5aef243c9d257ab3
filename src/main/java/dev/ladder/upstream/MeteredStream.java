package dev.ladder.upstream;

import dev.ladder.model.Attempt;
import dev.ladder.model.ChatChunk;
import dev.ladder.model.ChunkStream;
import dev.ladder.model.Failure;
import dev.ladder.model.LadderException;
import dev.ladder.model.Usage;
import dev.ladder.pipeline.AttemptSpec;
import dev.ladder.pipeline.Exchange;
import dev.ladder.resilience.DeploymentMonitor;
import dev.ladder.wire.StreamAssembler;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Watches a committed stream go by: assembles it, and when it ends (cleanly, with an error, or closed early
 * by a client that went away or a race it lost) settles its attempt, priced, exactly once. When the upstream
 * reported no usage, tokens are counted with the tokenizer (prompt + what was streamed). The deployment's
 * health hears of the stream's end: a clean end is a success (with the time to commit as its latency), a
 * failure counts against it, and a stream the client left or the latency budget cut says nothing.
 */
final class MeteredStream implements ChunkStream {

    private final ChunkStream upstream;
    private final Exchange exchange;
    private final AttemptSpec spec;
    private final Deployment deployment;
    private final int seq;
    private final Instant started;
    private final DeploymentMonitor.Call call;
    private final Duration timeToCommit;
    private final StreamAssembler assembler = new StreamAssembler();
    private final AtomicBoolean settled = new AtomicBoolean();

    MeteredStream(ChunkStream upstream, Exchange exchange, AttemptSpec spec, Deployment deployment, int seq,
            Instant started, DeploymentMonitor.Call call, Duration timeToCommit) {
        this.upstream = upstream;
        this.exchange = exchange;
        this.spec = spec;
        this.deployment = deployment;
        this.seq = seq;
        this.started = started;
        this.call = call;
        this.timeToCommit = timeToCommit;
    }

    @Override
    public Optional<ChatChunk> next() {
        Optional<ChatChunk> chunk;
        try {
            chunk = upstream.next();
        } catch (LadderException e) {
            if (e.failure() instanceof Failure.LatencyBudgetExceeded budget) {
                settle(Optional.of(budget));
                // the client's error names every failed attempt of the request, this one included
                throw new LadderException(new Failure.LatencyBudgetExceeded(budget.budget(),
                        exchange.attempts().stream().filter(a -> !a.succeeded()).toList()), e);
            }
            settle(Optional.of(e.failure()));
            throw e;
        } catch (RuntimeException e) {
            // a provider bug must still end the attempt and reach the client as an explicit error
            Failure failure = new Failure.UpstreamMalformed(deployment.provider().name(), e.toString());
            settle(Optional.of(failure));
            throw new LadderException(failure, e);
        }
        if (chunk.isPresent()) {
            assembler.add(chunk.get());
        } else {
            settle(Optional.empty());
        }
        return chunk;
    }

    /** The text streamed so far (choice 0). */
    String text() {
        return assembler.text();
    }

    @Override
    public void close() {
        try {
            upstream.close();
        } finally {
            settle(Optional.empty(), true);
        }
    }

    private void settle(Optional<Failure> failure) {
        settle(failure, false);
    }

    /** Settles the attempt, once; {@code closedEarly} when the stream was closed before its end. */
    private void settle(Optional<Failure> failure, boolean closedEarly) {
        if (!settled.compareAndSet(false, true)) {
            return;
        }
        switch (failure.orElse(null)) {
            case null -> {
                if (closedEarly) {
                    call.released();
                } else {
                    call.succeeded(timeToCommit);
                }
            }
            case Failure.LatencyBudgetExceeded f -> call.released();
            case Failure f -> call.failed(f);
        }
        Usage usage = assembler.usage().orElseGet(() -> UpstreamStage.countedUsage(spec, assembler.text()));
        Attempt.Outcome outcome = failure.<Attempt.Outcome>map(Attempt.Outcome.Failed::new)
                .orElse(closedEarly ? new Attempt.Outcome.Cancelled("closed before its end") : Attempt.Outcome.ANSWERED);
        exchange.settle(new Attempt(seq, spec.purpose(), deployment.model().name(), deployment.provider().name(),
                spec.plan().tier(), started, Duration.between(started, exchange.clock().instant()), spec.request(),
                usage, deployment.model().price().cost(usage), outcome, Optional.empty()));
    }
}
