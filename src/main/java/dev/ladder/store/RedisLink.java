package dev.ladder.store;

import static java.util.Objects.requireNonNull;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.RedisCodec;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One Redis connection that knows when Redis is gone, like a circuit breaker: every command waits at most the
 * timeout; the first that finds the connection broken (refused, reset, closed) marks the link down, and so do
 * {@value #TIMEOUTS_TO_DOWN} timeouts in a row on an open connection (one slow command under load fails only its
 * own call); from then on every call fails at once ({@link Down}) without touching the network, so no request
 * pays a timeout for a dead Redis.
 * A prober (one daemon thread) tries a fresh connection every {@code probeEvery} while the link is down; when
 * {@code PING} answers, the {@code recovery} step runs on it (the budgets rebuild their counters there) and only
 * then is the link up again. Lettuce's own reconnection is off: this class decides when to reconnect. Each change
 * of state is logged and passed to {@code changes}.
 */
final class RedisLink<V> implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(RedisLink.class.getName());

    /** A call made while the link is down, or the call that found Redis gone: nothing was done in Redis. */
    static final class Down extends RuntimeException {
        Down(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The link's state: up, or down since {@code since} for {@code problem}. */
    record State(boolean up, Instant since, Optional<String> problem) {
    }

    /** A new connection (TCP, and the first bootstrap of the client) may take longer than a command. */
    static final Duration MIN_CONNECT_TIMEOUT = Duration.ofSeconds(1);

    /** Timeouts in a row on an open connection that mark the link down (a broken connection does at once). */
    static final int TIMEOUTS_TO_DOWN = 3;

    private final String what;
    private final String where;
    private final RedisClient client;
    private final RedisCodec<String, V> codec;
    private final Duration timeout;
    private final Consumer<RedisCommands<String, V>> recovery;
    private final Consumer<State> changes;
    private final InstantSource clock;
    private final ScheduledExecutorService prober;
    private volatile StatefulRedisConnection<String, V> connection;
    private volatile State state;
    private volatile boolean closed;
    private final AtomicInteger timeoutsInARow = new AtomicInteger();
    private final ReentrantLock lock = new ReentrantLock();

    /**
     * Connects to {@code uri} (a failure leaves the link down, and the prober keeps trying).
     *
     * @param what what the link serves, for the log ("budgets and rate limits")
     * @param recovery runs on each new connection before the link is up; it may throw to keep the link down
     */
    RedisLink(String what, RedisURI uri, RedisCodec<String, V> codec, Duration timeout, Duration probeEvery,
            Consumer<RedisCommands<String, V>> recovery, Consumer<State> changes, InstantSource clock) {
        this.what = requireNonNull(what, "what is null");
        this.where = uri.getHost() + ":" + uri.getPort();
        this.codec = requireNonNull(codec, "codec is null");
        this.timeout = requireNonNull(timeout, "timeout is null");
        this.recovery = requireNonNull(recovery, "recovery is null");
        this.changes = requireNonNull(changes, "changes is null");
        this.clock = requireNonNull(clock, "clock is null");
        uri.setTimeout(timeout);
        this.client = RedisClient.create(uri);
        client.setOptions(ClientOptions.builder().autoReconnect(false)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(SocketOptions.builder().connectTimeout(max(timeout, MIN_CONNECT_TIMEOUT)).build())
                .timeoutOptions(TimeoutOptions.enabled(timeout)).build());
        this.state = new State(false, clock.instant(), Optional.of("not connected yet"));
        tryConnect();
        if (state.up()) {
            LOG.log(Level.INFO, what + " in Redis at " + where);
        } else {
            LOG.log(Level.WARNING, what + ": Redis at " + where + " cannot be reached (" + state.problem().orElse("")
                    + "); serving by the rule for a Redis outage until it answers");
        }
        changes.accept(state);
        this.prober = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon()
                .name("redis-probe-" + what.replace(' ', '-')).factory());
        long every = Math.max(1, probeEvery.toMillis());
        prober.scheduleWithFixedDelay(this::probe, every, every, TimeUnit.MILLISECONDS);
    }

    /** Where Redis is, {@code host:port} (never the password). */
    String where() {
        return where;
    }

    State state() {
        return state;
    }

    /**
     * Runs {@code command} on Redis.
     *
     * @throws Down at once while the link is down, or when this call finds Redis gone (the link is then down)
     */
    <T> T call(Function<RedisCommands<String, V>, T> command) {
        StatefulRedisConnection<String, V> c = connection;
        State s = state;
        if (!s.up() || c == null) {
            throw new Down("Redis at " + where + " is down since " + s.since() + s.problem().map(p -> ": " + p)
                    .orElse(""), null);
        }
        try {
            T result = command.apply(c.sync());
            timeoutsInARow.set(0);
            return result;
        } catch (RedisException e) {
            failed(c, e);
            throw new Down("Redis at " + where + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * Sends {@code command} without waiting for it; a failure marks the link down. While the link is down nothing
     * is sent.
     *
     * @return false when nothing was sent because the link is down
     */
    boolean send(Function<RedisAsyncCommands<String, V>, CompletionStage<?>> command) {
        StatefulRedisConnection<String, V> c = connection;
        if (!state.up() || c == null) {
            return false;
        }
        try {
            command.apply(c.async()).whenComplete((ok, e) -> {
                if (e instanceof RedisException re) {
                    failed(c, re);
                } else if (e == null) {
                    timeoutsInARow.set(0);
                }
            });
            return true;
        } catch (RedisException e) {
            failed(c, e);
            return false;
        }
    }

    /**
     * A command failed: a broken connection marks the link down at once; a timeout on a connection that is still
     * open does so only when it is the {@value #TIMEOUTS_TO_DOWN}th in a row (a busy Redis or a loaded gateway
     * fails one call, not every use of Redis until the next probe).
     */
    private void failed(StatefulRedisConnection<String, V> c, RedisException e) {
        if (e instanceof RedisCommandTimeoutException && c.isOpen()
                && timeoutsInARow.incrementAndGet() < TIMEOUTS_TO_DOWN) {
            return;
        }
        markDown(c, e);
    }

    private void markDown(StatefulRedisConnection<String, V> failed, RuntimeException e) {
        lock.lock();
        try {
            if (closed || !state.up() || failed != connection) {
                // closing, already down, or a late failure of a connection the prober has replaced
                return;
            }
            state = new State(false, clock.instant(), Optional.of(String.valueOf(e.getMessage())));
            LOG.log(Level.WARNING, what + ": Redis at " + where + " is down (" + e.getMessage() + "); serving by "
                    + "the rule for a Redis outage and probing for its return");
            changes.accept(state); // under the lock, so that listeners hear the changes in their order
        } finally {
            lock.unlock();
        }
    }

    /** While down: a fresh connection, PING, the recovery step, then up. */
    private void probe() {
        if (state.up()) {
            return;
        }
        lock.lock();
        try {
            if (state.up()) {
                return;
            }
            connectLocked();
            if (state.up()) {
                LOG.log(Level.INFO, what + ": Redis at " + where + " is back");
                changes.accept(state);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, what + ": probing Redis at " + where + " failed: " + e);
        } finally {
            lock.unlock();
        }
    }

    private void tryConnect() {
        lock.lock();
        try {
            connectLocked();
        } finally {
            lock.unlock();
        }
    }

    private void connectLocked() {
        StatefulRedisConnection<String, V> old = connection;
        connection = null;
        if (old != null) {
            old.closeAsync();
        }
        StatefulRedisConnection<String, V> c = null;
        try {
            c = client.connect(codec);
            c.setTimeout(timeout);
            c.sync().ping();
            recovery.accept(c.sync());
            connection = c;
            timeoutsInARow.set(0);
            state = new State(true, clock.instant(), Optional.empty());
        } catch (RuntimeException e) {
            if (c != null) {
                c.closeAsync();
            }
            state = new State(false, state.up() ? clock.instant() : state.since(),
                    Optional.of(String.valueOf(e.getMessage())));
        }
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    @Override
    public void close() {
        closed = true;
        prober.shutdownNow();
        StatefulRedisConnection<String, V> c = connection;
        if (c != null) {
            c.close();
        }
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
}
