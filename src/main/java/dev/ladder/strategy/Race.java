package dev.ladder.strategy;

import dev.ladder.model.Attempt;
import dev.ladder.model.ChatRequest;
import dev.ladder.model.ChunkStream;
import dev.ladder.model.Failure;
import dev.ladder.model.LadderException;
import dev.ladder.model.Tier;
import dev.ladder.pipeline.AnswerValidation;
import dev.ladder.pipeline.Attempts;
import dev.ladder.pipeline.Dispatched;
import dev.ladder.pipeline.Exchange;
import dev.ladder.pipeline.ModelCalls;
import dev.ladder.pipeline.Planner;
import dev.ladder.pipeline.Reply;
import dev.ladder.pipeline.RoutePlan;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The chosen tier and the one above it, in parallel, each leg an attempt through the attempt chain with its
 * own tier's defaults. Both are asked to stream (so an answer can be abandoned half-way); each is held back
 * whole and validated; the first that validates wins and the other's upstream call is cancelled (its stream
 * closed). The winner is the attempt that answered, never guessed from a model name; the loser's attempt is
 * settled as cancelled, with what it was billed. When neither validates, the higher tier's answer is returned,
 * unless it is not the JSON the client asked for: then the request fails as {@code validation_failed} (502).
 */
final class Race {

    private static final Duration LOSER_GRACE = Duration.ofSeconds(2);

    private final Planner planner;
    private final Direct direct;
    private final Attempts attempts;
    private final AnswerValidation validation;

    Race(Planner planner, Direct direct, Attempts attempts, AnswerValidation validation) {
        this.planner = planner;
        this.direct = direct;
        this.attempts = attempts;
        this.validation = validation;
    }

    private record Entry(Runner runner, Dispatched dispatched, Buffered answer, AnswerValidation.Conclusion verdict) {
    }

    /**
     * One leg of the race. Cancelling it closes its stream if the upstream already answered, and otherwise
     * makes it close the stream the moment the upstream does answer; its thread is not interrupted, so the
     * upstream call always ends by closing its connection, whatever it was doing.
     */
    private final class Runner {
        final RoutePlan plan;
        final AtomicReference<ChunkStream> stream = new AtomicReference<>();
        final AtomicBoolean cancelled = new AtomicBoolean();
        Future<Entry> future;

        Runner(RoutePlan plan) {
            this.plan = plan;
        }

        Entry run(Exchange exchange, ChatRequest original, ChatRequest sent, ModelCalls calls) {
            Dispatched d = direct.dispatch(exchange, plan, sent);
            Buffered answer = switch (d.reply()) {
                case Reply.Complete c -> new Buffered(c.response(), List.of());
                case Reply.Streaming s -> {
                    stream.set(s.stream());
                    if (cancelled.get()) {
                        s.stream().close();
                        throw new LadderException(new Failure.Unavailable("cancelled: lost the race"));
                    }
                    yield Buffered.drain(s.stream(), cancelled::get);
                }
            };
            return new Entry(this, d, answer, validation.assess(exchange.context().feature(), original,
                    answer.response(), calls));
        }

        void cancel() {
            cancelled.set(true);
            ChunkStream s = stream.get();
            if (s != null) {
                s.close();
            }
        }
    }

    Reply run(Exchange exchange, RoutePlan cheap) {
        Tier from = cheap.tier().orElseThrow();
        Optional<RoutePlan> costly = EscalationPolicy.nextPlan(planner, exchange, from);
        ChatRequest original = exchange.request();
        if (costly.isEmpty()) {
            Dispatched d = direct.dispatch(exchange, cheap, original);
            exchange.answered(d);
            return d.reply();
        }
        ModelCalls calls = attempts.calls(exchange);
        ChatRequest sent = Augment.streamed(original);
        // the cheap leg does not move up on failure: the costly leg is already there
        List<Runner> runners = List.of(new Runner(cheap.withoutEscalation()), new Runner(costly.get()));
        // not try-with-resources: closing an executor waits for its tasks, and a cancelled loser still waiting
        // for its upstream's first byte must not hold the winner's answer back
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        try {
            ExecutorCompletionService<Entry> done = new ExecutorCompletionService<>(pool);
            for (Runner r : runners) {
                r.future = done.submit(() -> r.run(exchange, original, sent, calls));
            }
            List<Entry> finished = new ArrayList<>();
            LadderException lastFailure = null;
            for (int i = 0; i < runners.size(); i++) {
                Future<Entry> f = done.take();
                try {
                    Entry e = f.get();
                    finished.add(e);
                    exchange.judged(e.dispatched().seq(), new Attempt.Verdict(e.verdict().accepted(),
                            e.verdict().details()));
                    if (e.verdict().accepted()) {
                        cancelOthers(runners, f);
                        return win(exchange, e, original);
                    }
                } catch (ExecutionException ex) {
                    if (ex.getCause() instanceof LadderException le) {
                        lastFailure = le;
                    } else {
                        throw new IllegalStateException("race leg failed", ex.getCause());
                    }
                }
            }
            if (finished.isEmpty()) {
                throw lastFailure;
            }
            // neither validated: the higher tier's answer is the better bet, unless it is not the JSON asked for
            Runner higher = runners.getLast();
            Entry best = finished.stream().filter(e -> e.runner() == higher).findFirst().orElse(finished.getLast());
            if (best.verdict().unusable()) {
                throw Cascade.validationFailed(exchange, best.verdict());
            }
            return win(exchange, best, original);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LadderException(new Failure.Unavailable("interrupted during a race"));
        } finally {
            pool.shutdown();
        }
    }

    private static void cancelOthers(List<Runner> runners, Future<Entry> winner) {
        for (Runner r : runners) {
            if (r.future != winner) {
                r.cancel();
                try {
                    r.future.get(LOSER_GRACE.toMillis(), TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    // still waiting for its upstream's first byte: it closes the call when that comes
                } catch (Exception ignored) {
                    // it failed or noticed the cancellation: it no longer matters to this request
                }
            }
        }
    }

    private static Reply win(Exchange exchange, Entry e, ChatRequest original) {
        exchange.answered(e.dispatched());
        return Cascade.clientView(e.answer(), original).toReply(original.stream());
    }
}
