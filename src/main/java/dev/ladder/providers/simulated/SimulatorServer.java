package dev.ladder.providers.simulated;

import static java.util.Objects.requireNonNull;

import com.sun.net.httpserver.HttpServer;
import dev.ladder.providers.simulated.SimulatedModelConfig.Answer;
import dev.ladder.providers.simulated.SimulatedModelConfig.FailureRates;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.random.RandomGenerator;

/**
 * A standalone OpenAI-compatible upstream over HTTP ({@code ladder simulate}), acting out the same
 * {@link SimulatedEngine} as the in-process provider: {@code POST /v1/chat/completions} (JSON or
 * server-sent events), {@code GET /v1/models}, and {@code GET /sim/stats} with the per-model counters.
 * Runs on the JDK's HTTP server with one virtual thread per exchange.
 *
 * <p>A simulated timeout holds the connection without answering until the server closes or
 * {@link #MAX_HANG} passes, then drops it: the JDK server cannot see a silent client leave, so a hang
 * outlives the client's timeout (it costs one parked virtual thread).
 */
public final class SimulatorServer implements AutoCloseable {

    /** The longest a simulated timeout holds a connection. */
    public static final Duration MAX_HANG = Duration.ofMinutes(5);

    private static final System.Logger LOG = System.getLogger(SimulatorServer.class.getName());
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);

    private final String host;
    private final int requestedPort;
    private final SimulatedEngine engine;
    private final Duration maxHang;
    private final CountDownLatch closing = new CountDownLatch(1);
    private final ReentrantLock lock = new ReentrantLock();
    private volatile HttpServer server;
    private ExecutorService executor;

    /**
     * @param host the address to bind, e.g. {@code 127.0.0.1}
     * @param port the port, 0 for an ephemeral one (see {@link #port()})
     * @param models per model id, how the model behaves (see {@link #builtInModels()})
     * @param random the source of failure draws; seed it for repeatable runs
     */
    public SimulatorServer(String host, int port, Map<String, SimulatedModelConfig> models, RandomGenerator random) {
        this(host, port, SimulatedEngine.realTime(models, random), MAX_HANG);
    }

    SimulatorServer(String host, int port, SimulatedEngine engine, Duration maxHang) {
        this.host = requireNonNull(host, "host is null");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be in 0..65535");
        }
        this.requestedPort = port;
        this.engine = requireNonNull(engine, "engine is null");
        this.maxHang = requireNonNull(maxHang, "maxHang is null");
    }

    /** Binds and starts serving; returns this. */
    public SimulatorServer start() throws IOException {
        lock.lock();
        try {
            if (server != null || closing.getCount() == 0) {
                throw new IllegalStateException("already started or closed");
            }
            HttpServer s = HttpServer.create(new InetSocketAddress(host, requestedPort), 0);
            executor = Executors.newVirtualThreadPerTaskExecutor();
            s.setExecutor(executor);
            s.createContext(ChatCompletionsHandler.PATH, new ChatCompletionsHandler(engine, closing, maxHang));
            s.createContext(ModelsHandler.PATH, new ModelsHandler(engine.models().keySet()));
            s.createContext(StatsHandler.PATH, new StatsHandler(engine.stats()));
            s.createContext("/", HttpReplies::notFound);
            s.start();
            server = s;
        } finally {
            lock.unlock();
        }
        LOG.log(Level.INFO, "simulator: serving " + engine.models().keySet() + " on http://" + host + ":" + port()
                + "/v1");
        return this;
    }

    /** The bound port (the ephemeral one when constructed with 0). */
    public int port() {
        HttpServer s = server;
        if (s == null) {
            throw new IllegalStateException("not started");
        }
        return s.getAddress().getPort();
    }

    public SimulatedStats stats() {
        return engine.stats();
    }

    /** Stops serving: releases hanging calls, drops open connections, waits briefly for handlers to end. */
    @Override
    public void close() {
        lock.lock();
        try {
            closing.countDown();
            if (server == null) {
                return;
            }
            server.stop(0);
            executor.shutdownNow();
            if (!executor.awaitTermination(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.log(Level.WARNING, "simulator: handlers still running after " + STOP_GRACE);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Three models for {@code ladder simulate} without a config: {@code sim-small} (fast, echoes),
     * {@code sim-medium} and {@code sim-large} (slower, canned answers); all give logprobs and never fail.
     */
    public static Map<String, SimulatedModelConfig> builtInModels() {
        return Map.of(
                "sim-small", new SimulatedModelConfig(Duration.ofMillis(80), 250, Answer.ECHO, FailureRates.NONE, true),
                "sim-medium", new SimulatedModelConfig(Duration.ofMillis(200), 120, Answer.canned(
                        "This is a simulated answer from sim-medium. It stands in for a real model of middling "
                                + "price and skill, so the gateway's routing, streaming and accounting can be "
                                + "exercised without an API key."), FailureRates.NONE, true),
                "sim-large", new SimulatedModelConfig(Duration.ofMillis(450), 60, Answer.canned(
                        "This is a simulated answer from sim-large, the slowest and most expensive of the "
                                + "built-in models. A real large model would reason step by step here; this one "
                                + "only takes its time, a steady sixty tokens a second after almost half a second "
                                + "of thought, so that latency and cost differences between tiers are visible."),
                        FailureRates.NONE, true));
    }
}
