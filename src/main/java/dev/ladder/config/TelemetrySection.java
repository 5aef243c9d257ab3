package dev.ladder.config;

import dev.ladder.telemetry.TelemetryConfig;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** Reads {@code telemetry}: OpenTelemetry traces and the per-request log line. Every key is optional. */
final class TelemetrySection {

    static final List<String> KEYS = List.of("tracing", "logs");
    static final List<String> TRACING_KEYS = List.of("enabled", "endpoint", "headers", "sampling_ratio",
            "service_name", "timeout");
    static final List<String> LOG_KEYS = List.of("requests", "format");
    private static final List<String> FORMATS = List.of("text", "json");
    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

    private TelemetrySection() {
    }

    static TelemetryConfig read(YamlTree node) {
        node.allowKeys(KEYS);
        return new TelemetryConfig(tracing(node.get("tracing")), logs(node.get("logs")));
    }

    private static TelemetryConfig.Tracing tracing(YamlTree node) {
        TelemetryConfig.Tracing d = TelemetryConfig.Tracing.DEFAULTS;
        node.allowKeys(TRACING_KEYS);
        YamlTree endpoint = node.get("endpoint");
        YamlTree ratio = node.get("sampling_ratio");
        YamlTree name = node.get("service_name");
        YamlTree timeout = node.get("timeout");
        URI url = endpoint.string().flatMap(s -> endpoint.build(() -> Urls.parseBaseUrl(s))).orElse(d.endpoint());
        return new TelemetryConfig.Tracing(node.get("enabled").bool().orElse(d.enabled()), url,
                headers(node.get("headers").secret()),
                ratio.check(ratio.number(), r -> r >= 0 && r <= 1, "must be in 0..1").orElse(d.samplingRatio()),
                name.check(name.string(), s -> !s.isBlank(), "must not be empty").orElse(d.serviceName()),
                timeout.check(timeout.parsed(Durations::parse), Duration::isPositive, "must be > 0")
                        .orElse(d.timeout()));
    }

    /** Header values are secrets (an exporter's API key, usually). */
    private static Map<String, String> headers(YamlTree node) {
        Map<String, String> out = new LinkedHashMap<>();
        node.entries().forEach((name, value) -> {
            if (!HEADER_NAME.matcher(name).matches()) {
                value.error("not a valid HTTP header name");
            }
            value.required().string().ifPresent(v -> out.put(name, v));
        });
        return out;
    }

    private static TelemetryConfig.RequestLog logs(YamlTree node) {
        TelemetryConfig.RequestLog d = TelemetryConfig.RequestLog.DEFAULTS;
        node.allowKeys(LOG_KEYS);
        Optional<TelemetryConfig.RequestLog.Format> format = node.get("format").oneOf("format", FORMATS)
                .map(f -> f.equals("json") ? TelemetryConfig.RequestLog.Format.JSON
                        : TelemetryConfig.RequestLog.Format.TEXT);
        return new TelemetryConfig.RequestLog(node.get("requests").bool().orElse(d.enabled()),
                format.orElse(d.format()));
    }
}
