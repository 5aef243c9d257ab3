package dev.ladder.strategy;

import dev.ladder.model.ChatRequest;
import dev.ladder.model.ChunkStream;
import dev.ladder.model.LadderException;
import dev.ladder.model.ModelSpec;
import dev.ladder.model.Tier;
import dev.ladder.pipeline.Dispatcher;
import dev.ladder.pipeline.Exchange;
import dev.ladder.pipeline.Planner;
import dev.ladder.pipeline.Reply;
import dev.ladder.pipeline.RoutePlan;
import dev.ladder.validate.Assessment;
import dev.ladder.validate.CompositeValidator;
import dev.ladder.validate.Validation;
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
import java.util.concurrent.atomic.AtomicReference;

/**
 * The chosen tier and the one above it, in parallel. Both are asked to stream (so an answer can be abandoned
 * half-way); each is held back whole and validated; the first that validates wins and the other's upstream
 * call is cancelled (its stream closed, its thread interrupted). What the loser streamed before it was
 * cancelled is billed. When neither validates, the higher tier's answer is returned.
 */
final class Race {

    private static final Duration LOSER_GRACE = Duration.ofSeconds(2);

    private final Planner planner;
    private final Dispatcher dispatcher;
    private final Validation validation;

    Race(Planner planner, Dispatcher dispatcher, Validation validation) {
        this.planner = planner;
        this.dispatcher = dispatcher;
        this.validation = validation;
    }

    private record Entry(RoutePlan plan, Buffered answer, Assessment verdict) {
    }

    /**
     * One side of the race. Cancelling it closes its stream if the upstream already answered, and otherwise
     * makes it close the stream the moment the upstream does answer; its thread is not interrupted, so the
     * upstream call always ends by closing its connection, whatever it was doing.
     */
    private final class Runner {
        final RoutePlan plan;
        final AtomicReference<ChunkStream> stream = new AtomicReference<>();
        final java.util.concurrent.atomic.AtomicBoolean cancelled = new java.util.concurrent.atomic.AtomicBoolean();
        Future<Entry> future;

        Runner(RoutePlan plan) {
            this.plan = plan;
        }

        Entry run(Exchange exchange, ChatRequest sent, CompositeValidator validator) {
            Reply reply = dispatcher.dispatch(exchange, plan);
            Buffered answer = switch (reply) {
                case Reply.Complete c -> new Buffered(c.response(), List.of());
                case Reply.Streaming s -> {
                    stream.set(s.stream());
                    if (cancelled.get()) {
                        s.stream().close();
                        throw new LadderException(new dev.ladder.model.Failure.Unavailable("cancelled: lost the race"));
                    }
                    yield Buffered.drain(s.stream(), cancelled::get);
                }
            };
            return new Entry(plan, answer, validator.assess(sent, answer.response()));
        }

        void cancel() {
            cancelled.set(true);
            ChunkStream s = stream.get();
            if (s != null) {
                s.close();
            }
        }
    }

    Reply run(Exchange exchange) {
        RoutePlan cheap = exchange.plan().orElseThrow();
        Tier from = cheap.tier().orElseThrow();
        Optional<RoutePlan> costly = Escalation.next(exchange, from).flatMap(t -> planner.planFor(exchange, t));
        ChatRequest original = exchange.request();
        if (costly.isEmpty()) {
            return dispatcher.dispatch(exchange, cheap);
        }
        CompositeValidator validator = validation.forRoute(exchange.context().feature());
        ChatRequest sent = Augment.streamed(original);
        exchange.request(sent);
        List<Runner> runners = List.of(new Runner(cheap), new Runner(costly.get()));
        // not try-with-resources: closing an executor waits for its tasks, and a cancelled loser still waiting
        // for its upstream's first byte must not hold the winner's answer back
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        try {
            ExecutorCompletionService<Entry> done = new ExecutorCompletionService<>(pool);
            for (Runner r : runners) {
                r.future = done.submit(() -> r.run(exchange, sent, validator));
            }
            List<Entry> finished = new ArrayList<>();
            LadderException lastFailure = null;
            for (int i = 0; i < runners.size(); i++) {
                Future<Entry> f = done.take();
                try {
                    Entry e = f.get();
                    finished.add(e);
                    exchange.events().validated(exchange, e.plan().tier().orElse(from), e.verdict().accepted(),
                            e.verdict().describe());
                    if (e.verdict().accepted()) {
                        cancelOthers(runners, f);
                        return win(exchange, e, original);
                    }
                } catch (ExecutionException ex) {
                    if (ex.getCause() instanceof LadderException le) {
                        lastFailure = le;
                    } else {
                        throw new IllegalStateException("race branch failed", ex.getCause());
                    }
                }
            }
            if (finished.isEmpty()) {
                throw lastFailure;
            }
            // neither validated: the higher tier's answer is the better bet
            return win(exchange, finished.stream().filter(e -> e.plan() == costly.get()).findFirst()
                    .orElse(finished.getLast()), original);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LadderException(new dev.ladder.model.Failure.Unavailable("interrupted during a race"));
        } finally {
            pool.shutdown();
            exchange.request(original);
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

    private Reply win(Exchange exchange, Entry e, ChatRequest original) {
        winnerModel(e).ifPresent(m -> exchange.answeredBy(m, e.plan().tier()));
        return Cascade.clientView(e.answer(), original).toReply(original.stream());
    }

    /** The deployment that answered: the plan's model whose upstream id the answer names, else the first. */
    private static Optional<ModelSpec> winnerModel(Entry e) {
        String answeredBy = e.answer().response().model();
        for (RoutePlan p = e.plan(); p != null; p = p.onFailure().orElse(null)) {
            for (ModelSpec m : p.candidates()) {
                if (!answeredBy.isEmpty() && answeredBy.startsWith(m.upstreamModel())) {
                    return Optional.of(m);
                }
            }
        }
        return Optional.of(e.plan().candidates().getFirst());
    }

}
