package dev.ladder.telemetry;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * The {@code telemetry} section: OpenTelemetry traces (off by default) and the per-request log line. Metrics and
 * the decision log need no settings here. docs/config.md documents every key.
 */
public record TelemetryConfig(Tracing tracing, RequestLog requestLog) {

    public static final TelemetryConfig DEFAULTS = new TelemetryConfig(Tracing.DEFAULTS, RequestLog.DEFAULTS);

    public TelemetryConfig {
        requireNonNull(tracing, "tracing is null");
        requireNonNull(requestLog, "requestLog is null");
    }

    public TelemetryConfig withTracing(Tracing newTracing) {
        return new TelemetryConfig(newTracing, requestLog);
    }

    public TelemetryConfig withRequestLog(RequestLog newRequestLog) {
        return new TelemetryConfig(tracing, newRequestLog);
    }

    /**
     * Traces: a span per request and one per upstream call, exported over OTLP/HTTP (protobuf) to {@code endpoint}.
     * {@code headers} are sent with every export (an API key, usually): they are secrets and never printed.
     * {@code samplingRatio} is the share of requests traced (0..1; a request's attempts follow its decision).
     */
    public record Tracing(boolean enabled, URI endpoint, Map<String, String> headers, double samplingRatio,
            String serviceName, Duration timeout) {

        public static final URI DEFAULT_ENDPOINT = URI.create("http://127.0.0.1:4318/v1/traces");
        public static final double DEFAULT_SAMPLING_RATIO = 1.0;
        public static final String DEFAULT_SERVICE_NAME = "ladder";
        public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

        public static final Tracing DEFAULTS = new Tracing(false, DEFAULT_ENDPOINT, Map.of(), DEFAULT_SAMPLING_RATIO,
                DEFAULT_SERVICE_NAME, DEFAULT_TIMEOUT);

        public Tracing {
            requireNonNull(endpoint, "endpoint is null");
            headers = Map.copyOf(headers);
            requireNonNull(serviceName, "serviceName is null");
            requireNonNull(timeout, "timeout is null");
            if (!(samplingRatio >= 0 && samplingRatio <= 1)) {
                throw new IllegalArgumentException("telemetry.tracing.sampling_ratio must be in 0..1: "
                        + samplingRatio);
            }
            if (serviceName.isBlank()) {
                throw new IllegalArgumentException("telemetry.tracing.service_name must not be empty");
            }
            if (!timeout.isPositive()) {
                throw new IllegalArgumentException("telemetry.tracing.timeout must be > 0");
            }
        }

        /** The same settings, on and sending to {@code newEndpoint}. */
        public Tracing to(URI newEndpoint) {
            return new Tracing(true, newEndpoint, headers, samplingRatio, serviceName, timeout);
        }

        /** Without the headers' values: they are secrets. */
        @Override
        public String toString() {
            return "Tracing[enabled=" + enabled + ", endpoint=" + endpoint + ", headers=" + headers.keySet()
                    + ", samplingRatio=" + samplingRatio + ", serviceName=" + serviceName + ", timeout=" + timeout
                    + "]";
        }
    }

    /** One line per finished request in the server log, as {@code key=value} text or as one JSON object. */
    public record RequestLog(boolean enabled, Format format) {

        public static final RequestLog DEFAULTS = new RequestLog(true, Format.TEXT);

        public RequestLog {
            requireNonNull(format, "format is null");
        }

        public enum Format {
            TEXT,
            JSON;

            public String wireName() {
                return name().toLowerCase(java.util.Locale.ROOT);
            }
        }
    }
}
