package dev.ladder.telemetry;

import static java.util.Objects.requireNonNull;

import dev.ladder.model.Failure;
import dev.ladder.pipeline.GatewayEvents;
import dev.ladder.pipeline.Rejected;
import dev.ladder.pipeline.RequestRecord;
import dev.ladder.text.JsonText;
import dev.ladder.text.PiiMasker;
import dev.ladder.text.SecretMasker;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * One line per request in the server log, written when the request is over (its record, or its rejection before
 * it became an exchange): request id, route (the {@code x-ladder-feature} tag, {@code default} without one),
 * model, tier, status, latency, cost, cache and, for a failure, its kind and message. {@code key=value} text after
 * the log's usual prefix, or (format {@code json}) a bare JSON object per line on standard error, for log
 * shippers. Never a stack trace, never prompt or answer text; an error message is masked as the decision log
 * masks it (personal data) and for credentials ({@link SecretMasker}). Logger: {@value #LOGGER}.
 */
public final class RequestLog implements GatewayEvents {

    /** The logger the lines go to; its level turns them off ({@code dev.ladder.requests.level=WARNING}). */
    public static final String LOGGER = "dev.ladder.requests";
    /** Longest error message in a line, in characters. */
    static final int MAX_ERROR_CHARS = 300;

    private static final String SOURCE = RequestLog.class.getName();

    private final TelemetryConfig.RequestLog.Format format;
    private final Sink sink;

    /** Where the lines go: each one written out now, or (the buffered handler) built later by its writer. */
    interface Sink {
        void accept(Supplier<String> line);
    }

    /** A log whose lines are built at once and given to {@code lines}. */
    RequestLog(TelemetryConfig.RequestLog.Format format, Consumer<String> lines) {
        this((Sink) line -> lines.accept(line.get()), format);
        requireNonNull(lines, "lines is null");
    }

    private RequestLog(Sink sink, TelemetryConfig.RequestLog.Format format) {
        this.format = requireNonNull(format, "format is null");
        this.sink = requireNonNull(sink, "sink is null");
    }

    /**
     * The request log of {@code config}, writing to {@value #LOGGER}. That logger gets a handler of its own,
     * {@link BufferedLines}, which prints each line to standard error (in JSON format bare, in text format as the
     * console handler would, through {@link LogLines}) and flushes every {@link BufferedLines#FLUSH_EVERY}
     * instead of after every line: a write and a flush per request cost about a sixth of the gateway's CPU at
     * saturation when standard error is a file (issue 16). In text format, when the user points java.util.logging
     * at a configuration of their own ({@code -Djava.util.logging.config.file}), the lines go to their handlers
     * instead, unbuffered, as any other log record.
     */
    public static RequestLog start(TelemetryConfig.RequestLog config) {
        Logger logger = Logger.getLogger(LOGGER);
        boolean json = config.format() == TelemetryConfig.RequestLog.Format.JSON;
        // the last gateway started in this process decides how the lines look (tests start several)
        for (Handler h : logger.getHandlers()) {
            if (h instanceof BufferedLines) {
                logger.removeHandler(h);
                h.close();
            }
        }
        boolean own = json || System.getProperty("java.util.logging.config.file") == null;
        logger.setUseParentHandlers(!own);
        if (own) {
            BufferedLines handler = new BufferedLines(json ? null : new LogLines(), System.err);
            logger.addHandler(handler);
            // While this handler is the logger's only one (and no filter is set), the line is built by the handler's
            // writer, off the request's thread (issue 16's light-load trace: building and formatting it took 9-16 us
            // before the answer went out). A handler or filter added later (an embedding application's) gets log
            // records as usual.
            return new RequestLog(line -> {
                if (!logger.isLoggable(Level.INFO)) {
                    return;
                }
                Handler[] handlers = logger.getHandlers();
                if (handlers.length == 1 && handlers[0] == handler && logger.getFilter() == null
                        && !logger.getUseParentHandlers()) {
                    handler.publishLater(System.currentTimeMillis(), line);
                } else {
                    logger.logp(Level.INFO, SOURCE, "completed", line.get());
                }
            }, config.format());
        }
        // logp names the source, so the formatter does not walk the stack to find it on every request
        return new RequestLog(line -> {
            if (logger.isLoggable(Level.INFO)) {
                logger.logp(Level.INFO, SOURCE, "completed", line.get());
            }
        }, config.format());
    }

    @Override
    public void completed(RequestRecord r) {
        sink.accept(() -> line(r));
    }

    private String line(RequestRecord r) {
        Line line = new Line()
                .text("request_id", r.requestId())
                .text("route", r.context().feature().orElse("default"))
                .text("model", r.model().orElse("none"))
                .text("tier", r.answeredTier().or(r::routedTier).map(t -> t.wireName()).orElse("none"))
                .number("status", r.httpStatus())
                .number("latency_ms", r.latency().toMillis())
                .number("upstream_ms", r.upstreamLatency().toMillis())
                .usd("cost_usd", r.costUsd())
                .usd("baseline_cost_usd", r.baselineCostUsd())
                .text("cache", r.cacheStatus().wireName())
                .text("strategy", r.strategy().orElse("none"))
                .number("attempts", r.attempts().size())
                .number("escalations", r.escalations())
                .bool("stream", r.stream());
        if (r.context().keyId().isPresent()) {
            line.text("key_id", r.context().keyId().get());
        }
        return line.failure(r.failure()).done();
    }

    @Override
    public void rejected(Rejected r) {
        sink.accept(() -> new Line()
                .text("request_id", r.requestId())
                .text("door", r.door())
                .number("status", r.httpStatus())
                .number("latency_ms", r.latency().toMillis())
                .failure(Optional.of(r.failure()))
                .done());
    }

    static String masked(String message) {
        String m = SecretMasker.mask(PiiMasker.mask(message)).replace('\n', ' ').replace('\r', ' ');
        return m.length() <= MAX_ERROR_CHARS ? m : m.substring(0, MAX_ERROR_CHARS) + PiiMasker.CUT;
    }

    /**
     * One line, its fields appended in order straight to text ({@code key=value}) or JSON: no map of fields
     * built first and walked after (issue 16's profile).
     */
    private final class Line {
        private final boolean json = format == TelemetryConfig.RequestLog.Format.JSON;
        private final StringBuilder s = new StringBuilder(320).append(json ? "{\"msg\":\"request\"" : "request");

        Line text(String key, String value) {
            key(key);
            if (json) {
                JsonText.appendString(s, value);
            } else {
                textValue(s, value);
            }
            return this;
        }

        Line number(String key, long value) {
            key(key);
            s.append(value);
            return this;
        }

        Line usd(String key, double value) {
            key(key);
            s.append(RequestLog.usd(value));
            return this;
        }

        Line bool(String key, boolean value) {
            key(key);
            s.append(value);
            return this;
        }

        Line failure(Optional<Failure> failure) {
            if (failure.isPresent()) {
                text("error_type", FailureKinds.of(failure.get()));
                text("error", masked(failure.get().message()));
            }
            return this;
        }

        String done() {
            return json ? s.append('}').toString() : s.toString();
        }

        private void key(String key) {
            if (json) {
                s.append(",\"").append(key).append("\":");
            } else {
                s.append(' ').append(key).append('=');
            }
        }
    }

    private static void textValue(StringBuilder s, String v) {
        boolean plain = !v.isEmpty();
        for (int i = 0; i < v.length() && plain; i++) {
            char c = v.charAt(i);
            plain = c != ' ' && c != '"' && c != '=' && c != '\\';
        }
        if (plain) {
            s.append(v);
        } else {
            s.append('"').append(v.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        }
    }

    private static String usd(double d) {
        return java.math.BigDecimal.valueOf(d).setScale(10, java.math.RoundingMode.HALF_UP).stripTrailingZeros()
                .toPlainString();
    }

    /**
     * Prints each record to {@code out} (standard error), formatted by {@code lines} or, without one, its message alone (JSON
     * lines). Lines are gathered in memory and written together by a daemon thread every {@link #FLUSH_EVERY}, or
     * at once when {@link #MAX_BUFFERED_CHARS} or {@link #MAX_PENDING_LINES} are waiting, and when the handler is
     * flushed or closed (the LogManager closes it at JVM shutdown). A line given by {@link #publishLater} is built
     * and formatted by whoever writes it, not by the thread that gave it. A crash can lose the lines of the last
     * {@link #FLUSH_EVERY}; the decision log keeps every request's record.
     */
    static final class BufferedLines extends Handler {

        static final Duration FLUSH_EVERY = Duration.ofMillis(100);
        static final int MAX_BUFFERED_CHARS = 64 * 1024;
        /** Lines waiting to be built at most; the publisher that reaches it writes them all itself. */
        static final int MAX_PENDING_LINES = 4096;

        private final Formatter lines;
        private final PrintStream out;
        /** Guards {@link #pending} and {@link #chars}; held only to add to them or to take them. */
        private final ReentrantLock lock = new ReentrantLock();
        /** Held while a batch is built and written, so batches go out in the order they were taken. */
        private final ReentrantLock writing = new ReentrantLock();
        /** Lines in order: formatted ({@code String}) or to be built ({@link Later}). */
        private List<Object> pending = new ArrayList<>();
        private int chars;
        private final Thread flusher;
        private volatile boolean closed;

        /** A line to build later, and when it was given. */
        private record Later(long millis, Supplier<String> message) {
        }

        BufferedLines(Formatter lines, PrintStream out) {
            this.lines = lines;
            this.out = requireNonNull(out, "out is null");
            this.flusher = Thread.ofPlatform().daemon().name("ladder-request-log").start(this::flushEvery);
        }

        @Override
        public void publish(LogRecord r) {
            if (!isLoggable(r)) {
                return;
            }
            add(format(r), -1);
        }

        /**
         * Queues a line of the request logger at level INFO, given at {@code millis}, to be built by the writer. The
         * caller has checked the logger's level; this handler's level applies here.
         */
        void publishLater(long millis, Supplier<String> message) {
            if (getLevel().intValue() > Level.INFO.intValue()) {
                return;
            }
            add(new Later(millis, requireNonNull(message, "message is null")), 0);
        }

        /** Adds a line ({@code size} its length, or -1 to take it from the string); writes all when past a bound. */
        private void add(Object line, int size) {
            boolean full;
            lock.lock();
            try {
                pending.add(line);
                chars += size < 0 ? ((String) line).length() : size;
                full = chars >= MAX_BUFFERED_CHARS || pending.size() >= MAX_PENDING_LINES || closed;
            } finally {
                lock.unlock();
            }
            if (full) {
                writePending();
            }
        }

        @Override
        public void flush() {
            writePending();
        }

        @Override
        public void close() {
            closed = true;
            flusher.interrupt();
            flush();
        }

        private void flushEvery() {
            while (!closed) {
                try {
                    Thread.sleep(FLUSH_EVERY);
                } catch (InterruptedException e) {
                    return; // closed: close() writes what is left
                }
                flush();
            }
        }

        /** Takes what is pending, builds the lines still to build, and writes them in one go. */
        private void writePending() {
            writing.lock();
            try {
                List<Object> batch;
                lock.lock();
                try {
                    if (pending.isEmpty()) {
                        return;
                    }
                    batch = pending;
                    pending = new ArrayList<>(Math.max(16, batch.size()));
                    chars = 0;
                } finally {
                    lock.unlock();
                }
                StringBuilder text = new StringBuilder(batch.size() * 256);
                for (Object line : batch) {
                    text.append(line instanceof Later later ? build(later) : (String) line);
                }
                out.print(text);
                out.flush();
            } finally {
                writing.unlock();
            }
        }

        private String build(Later later) {
            String message;
            try {
                message = later.message().get();
            } catch (RuntimeException e) {
                reportError("request log line not built", e, java.util.logging.ErrorManager.FORMAT_FAILURE);
                return "";
            }
            LogRecord r = new LogRecord(Level.INFO, message);
            r.setInstant(java.time.Instant.ofEpochMilli(later.millis()));
            r.setLoggerName(LOGGER);
            r.setSourceClassName(SOURCE);
            r.setSourceMethodName("completed");
            return format(r);
        }

        private String format(LogRecord r) {
            return lines == null ? r.getMessage() + System.lineSeparator() : lines.format(r);
        }
    }
}
