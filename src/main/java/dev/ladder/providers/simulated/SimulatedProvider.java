package dev.ladder.providers.simulated;

import static java.util.Objects.requireNonNull;

import dev.ladder.model.ChatResponse;
import dev.ladder.model.ChunkStream;
import dev.ladder.model.Failure;
import dev.ladder.model.LadderException;
import dev.ladder.pipeline.Provider;
import dev.ladder.pipeline.UpstreamCall;
import dev.ladder.providers.ProviderConfig;
import dev.ladder.providers.ProviderKind;
import java.time.Duration;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * The {@code simulated} provider kind: an upstream in process, with the latency, failures and answers of
 * {@link SimulatedEngine}. Each outcome surfaces the way a real upstream's would through an HTTP adapter:
 * a 429 as {@link Failure.RateLimited} with Retry-After, a 500 as {@link Failure.UpstreamError}, a hang as
 * {@link Failure.UpstreamTimeout} once the call's timeout has passed (never later), a cut as
 * {@link Failure.UpstreamUnreachable} (a streamed one after some content), a reset as
 * {@link Failure.UpstreamUnreachable} at once, a stall as {@link Failure.UpstreamTimeout} once the stream
 * idle timeout has passed (a non-streamed one once the call's timeout has), a malformed chunk as
 * {@link Failure.UpstreamMalformed}. An answer slower than the call's timeout times out too. An upstream
 * model id the provider does not simulate is rejected with 404, as a real upstream would.
 */
public final class SimulatedProvider implements Provider {

    private final String name;
    private final SimulatedEngine engine;
    private final Duration idleTimeout;

    /**
     * A provider with the models of {@code config.simulated()} and its stream idle timeout, real time and an
     * unseeded random source.
     */
    public SimulatedProvider(ProviderConfig config) {
        if (config.kind() != ProviderKind.SIMULATED) {
            throw new IllegalArgumentException("provider '" + config.name() + "' is of kind " + config.kind().wireName()
                    + ", not simulated");
        }
        this(config.name(), SimulatedEngine.realTime(config.simulated(), new SplittableRandom()),
                config.streamIdleTimeout());
    }

    /** A provider over a given engine (seeded, with a recording sleeper, or shared with a benchmark). */
    public SimulatedProvider(String name, SimulatedEngine engine) {
        this(name, engine, ProviderConfig.DEFAULT_STREAM_IDLE_TIMEOUT);
    }

    /** As {@link #SimulatedProvider(String, SimulatedEngine)}, with the idle timeout after which a stall fails. */
    public SimulatedProvider(String name, SimulatedEngine engine, Duration idleTimeout) {
        this.name = requireNonNull(name, "name is null");
        this.engine = requireNonNull(engine, "engine is null");
        this.idleTimeout = requireNonNull(idleTimeout, "idleTimeout is null");
    }

    @Override
    public String name() {
        return name;
    }

    public SimulatedStats stats() {
        return engine.stats();
    }

    @Override
    public ChatResponse complete(UpstreamCall call) {
        SimulatedEngine.Call started = start(call);
        Plan plan = started.plan();
        CallTally tally = started.tally();
        Duration timeout = call.timeout();
        try {
            return switch (plan.outcome()) {
                case Outcome.RateLimited r -> throw fail(tally, Fault.RATE_LIMITED, rateLimited(r));
                case Outcome.ServerError e -> {
                    await(plan.timing().firstToken(), timeout, tally);
                    throw fail(tally, Fault.SERVER_ERROR, serverError());
                }
                case Outcome.Hang h -> throw hang(timeout, tally);
                case Outcome.Cut cut -> {
                    await(plan.timing().total(plan.answer().tokensBefore(cut.afterPieces())), timeout, tally);
                    throw fail(tally, Fault.STREAM_CUT, new Failure.UpstreamUnreachable(name,
                            "simulated upstream dropped the connection"));
                }
                case Outcome.Answer a -> {
                    await(plan.timing().total(plan.usage().completionTokens()), timeout, tally);
                    tally.completed();
                    yield plan.response();
                }
                case Outcome.Reset r -> throw fail(tally, Fault.CONNECTION_RESET, reset());
                case Outcome.Stall st -> throw stall(timeout, tally);
                case Outcome.Malformed m -> {
                    await(plan.timing().total(plan.usage().completionTokens()), timeout, tally);
                    throw fail(tally, Fault.MALFORMED_CHUNK, new Failure.UpstreamMalformed(name, name
                            + ": answered a body that is not JSON (simulated)"));
                }
            };
        } catch (InterruptedException e) {
            throw interrupted(tally);
        }
    }

    @Override
    public ChunkStream stream(UpstreamCall call) {
        SimulatedEngine.Call started = start(call);
        Plan plan = started.plan();
        CallTally tally = started.tally();
        Duration timeout = call.timeout();
        try {
            return switch (plan.outcome()) {
                case Outcome.RateLimited r -> throw fail(tally, Fault.RATE_LIMITED, rateLimited(r));
                case Outcome.ServerError e -> {
                    await(plan.timing().firstToken(), timeout, tally);
                    throw fail(tally, Fault.SERVER_ERROR, serverError());
                }
                case Outcome.Hang h -> throw hang(timeout, tally);
                case Outcome.Answer a -> open(plan, timeout, tally);
                case Outcome.Cut c -> open(plan, timeout, tally);
                case Outcome.Reset r -> throw fail(tally, Fault.CONNECTION_RESET, reset());
                case Outcome.Stall st -> open(plan, timeout, tally);
                case Outcome.Malformed m -> open(plan, timeout, tally);
            };
        } catch (InterruptedException e) {
            throw interrupted(tally);
        }
    }

    private ChunkStream open(Plan plan, Duration timeout, CallTally tally) throws InterruptedException {
        if (plan.timing().firstToken().compareTo(timeout) > 0) {
            throw hang(timeout, tally);
        }
        return new SimulatedChunkStream(name, new Playback(plan, engine.sleeper(), true), tally, engine.sleeper(),
                idleTimeout);
    }

    private SimulatedEngine.Call start(UpstreamCall call) {
        String model = call.model().upstreamModel();
        try {
            return engine.start(call.request(), model);
        } catch (LadderException e) {
            if (e.failure() instanceof Failure.UnknownModel) {
                throw new LadderException(new Failure.UpstreamRejected(name, 404, "invalid_request_error",
                        "The model '" + model + "' does not exist on simulated provider '" + name + "'."), e);
            }
            throw e;
        } catch (ReplayUnavailableException e) {
            throw new LadderException(new Failure.UpstreamError(name, 500, e.getMessage()), e);
        }
    }

    /** Waits {@code duration}, or times the call out when that is longer than its timeout. */
    private void await(Duration duration, Duration timeout, CallTally tally) throws InterruptedException {
        if (duration.compareTo(timeout) > 0) {
            throw hang(timeout, tally);
        }
        engine.sleeper().sleep(duration);
    }

    private LadderException hang(Duration timeout, CallTally tally) throws InterruptedException {
        tally.failed(Fault.TIMEOUT);
        engine.sleeper().sleep(timeout);
        return new LadderException(new Failure.UpstreamTimeout(name, timeout,
                "simulated upstream did not answer within " + timeout.toMillis() + " ms"));
    }

    /** A non-streamed body that stops part-way: nothing more comes until the call's timeout. */
    private LadderException stall(Duration timeout, CallTally tally) throws InterruptedException {
        tally.failed(Fault.STALL);
        engine.sleeper().sleep(timeout);
        return new LadderException(new Failure.UpstreamTimeout(name, timeout,
                "simulated upstream stopped sending its answer; gave up after " + timeout.toMillis() + " ms"));
    }

    private Failure.UpstreamUnreachable reset() {
        return new Failure.UpstreamUnreachable(name, name + ": connection reset by peer (simulated)");
    }

    private Failure.RateLimited rateLimited(Outcome.RateLimited r) {
        return new Failure.RateLimited(name, Optional.of(r.retryAfter()),
                "Rate limit reached for requests (simulated).");
    }

    private Failure.UpstreamError serverError() {
        return new Failure.UpstreamError(name, 500, "The server had an error while processing your request (simulated).");
    }

    private static LadderException fail(CallTally tally, Fault fault, Failure failure) {
        tally.failed(fault);
        return new LadderException(failure);
    }

    private LadderException interrupted(CallTally tally) {
        Thread.currentThread().interrupt();
        tally.cancelled();
        return new LadderException(new Failure.UpstreamUnreachable(name,
                "interrupted while waiting for the simulated upstream"));
    }
}
