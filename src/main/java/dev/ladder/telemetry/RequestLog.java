package dev.ladder.telemetry;

import static java.util.Objects.requireNonNull;

import dev.ladder.model.Failure;
import dev.ladder.pipeline.GatewayEvents;
import dev.ladder.pipeline.Rejected;
import dev.ladder.pipeline.RequestRecord;
import dev.ladder.text.PiiMasker;
import dev.ladder.text.SecretMasker;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
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
    private final Consumer<String> sink;

    RequestLog(TelemetryConfig.RequestLog.Format format, Consumer<String> sink) {
        this.format = requireNonNull(format, "format is null");
        this.sink = requireNonNull(sink, "sink is null");
    }

    /**
     * The request log of {@code config}, writing to {@value #LOGGER}. In JSON format that logger gets a handler of
     * its own that prints each line bare (no timestamp prefix) to standard error, as the console handler would.
     */
    public static RequestLog start(TelemetryConfig.RequestLog config) {
        Logger logger = Logger.getLogger(LOGGER);
        boolean json = config.format() == TelemetryConfig.RequestLog.Format.JSON;
        // the last gateway started in this process decides how the lines look (tests start several)
        for (Handler h : logger.getHandlers()) {
            if (h instanceof BareLines) {
                logger.removeHandler(h);
            }
        }
        if (json) {
            logger.addHandler(new BareLines());
        }
        logger.setUseParentHandlers(!json);
        // logp names the source, so the formatter does not walk the stack to find it on every request
        return new RequestLog(config.format(), line -> logger.logp(Level.INFO, SOURCE, "completed", line));
    }

    @Override
    public void completed(RequestRecord r) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("request_id", r.requestId());
        f.put("route", r.context().feature().orElse("default"));
        f.put("model", r.model().orElse("none"));
        f.put("tier", r.answeredTier().or(r::routedTier).map(t -> t.wireName()).orElse("none"));
        f.put("status", r.httpStatus());
        f.put("latency_ms", r.latency().toMillis());
        f.put("upstream_ms", r.upstreamLatency().toMillis());
        f.put("cost_usd", r.costUsd());
        f.put("baseline_cost_usd", r.baselineCostUsd());
        f.put("cache", r.cacheStatus().wireName());
        f.put("strategy", r.strategy().orElse("none"));
        f.put("attempts", r.attempts().size());
        f.put("escalations", r.escalations());
        f.put("stream", r.stream());
        r.context().keyId().ifPresent(k -> f.put("key_id", k));
        failure(f, r.failure());
        sink.accept(line(f));
    }

    @Override
    public void rejected(Rejected r) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("request_id", r.requestId());
        f.put("door", r.door());
        f.put("status", r.httpStatus());
        f.put("latency_ms", r.latency().toMillis());
        failure(f, Optional.of(r.failure()));
        sink.accept(line(f));
    }

    private static void failure(Map<String, Object> f, Optional<Failure> failure) {
        failure.ifPresent(x -> {
            f.put("error_type", FailureKinds.of(x));
            f.put("error", masked(x.message()));
        });
    }

    static String masked(String message) {
        String m = SecretMasker.mask(PiiMasker.mask(message)).replace('\n', ' ').replace('\r', ' ');
        return m.length() <= MAX_ERROR_CHARS ? m : m.substring(0, MAX_ERROR_CHARS) + PiiMasker.CUT;
    }

    private String line(Map<String, Object> fields) {
        return format == TelemetryConfig.RequestLog.Format.JSON ? json(fields) : text(fields);
    }

    private static String text(Map<String, Object> fields) {
        StringBuilder s = new StringBuilder("request");
        fields.forEach((k, v) -> s.append(' ').append(k).append('=').append(textValue(v)));
        return s.toString();
    }

    private static String textValue(Object v) {
        if (v instanceof Double d) {
            return usd(d);
        }
        String s = String.valueOf(v);
        boolean plain = !s.isEmpty() && s.chars().noneMatch(c -> c == ' ' || c == '"' || c == '=' || c == '\\');
        return plain ? s : '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    private static String json(Map<String, Object> fields) {
        StringBuilder s = new StringBuilder("{\"msg\":\"request\"");
        fields.forEach((k, v) -> {
            s.append(",\"").append(k).append("\":");
            switch (v) {
                case Double d -> s.append(usd(d));
                case Number n -> s.append(n);
                case Boolean b -> s.append(b);
                default -> jsonString(s, String.valueOf(v));
            }
        });
        return s.append('}').toString();
    }

    private static void jsonString(StringBuilder s, String v) {
        s.append('"');
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            switch (c) {
                case '"' -> s.append("\\\"");
                case '\\' -> s.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        s.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        s.append(c);
                    }
                }
            }
        }
        s.append('"');
    }

    private static String usd(double d) {
        return java.math.BigDecimal.valueOf(d).setScale(10, java.math.RoundingMode.HALF_UP).stripTrailingZeros()
                .toPlainString();
    }

    /** Prints each record's message alone on a line to standard error (JSON lines). */
    private static final class BareLines extends Handler {
        @Override
        public void publish(LogRecord r) {
            if (isLoggable(r)) {
                System.err.println(r.getMessage());
            }
        }

        @Override
        public void flush() {
            System.err.flush();
        }

        @Override
        public void close() {
            flush();
        }
    }
}
