package dev.ladder.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ladder.telemetry.TelemetryConfig;
import dev.ladder.telemetry.TelemetryConfig.RequestLog;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code telemetry} section: its defaults (traces off, text request lines), a full mapping, and its errors. */
class TelemetryConfigTest {

    @TempDir
    Path dir;

    @Test
    void telemetryDefaults() {
        assertThat(TelemetryConfig.DEFAULTS).isEqualTo(new TelemetryConfig(
                new TelemetryConfig.Tracing(false, URI.create("http://127.0.0.1:4318/v1/traces"), Map.of(), 1.0,
                        "ladder", Duration.ofSeconds(10)),
                new RequestLog(true, RequestLog.Format.TEXT)));
        assertThat(ConfigLoader.parse(ConfigFixtures.MINIMAL, dir, Map.of()).telemetry())
                .isEqualTo(TelemetryConfig.DEFAULTS);
    }

    @Test
    void aFullTelemetrySectionMapsToExactlyTheExpectedRecords() {
        String yaml = ConfigFixtures.MINIMAL + """
                telemetry:
                  tracing:
                    enabled: true
                    endpoint: https://otel.example.com:4318/v1/traces
                    headers: {authorization: "Bearer ${OTEL_TOKEN}"}
                    sampling_ratio: 0.25
                    service_name: ladder-eu
                    timeout: 3s
                  logs: {requests: false, format: json}
                """;

        TelemetryConfig t = ConfigLoader.parse(yaml, dir, Map.of("OTEL_TOKEN", "tok-s3cret")).telemetry();

        assertThat(t).isEqualTo(new TelemetryConfig(
                new TelemetryConfig.Tracing(true, URI.create("https://otel.example.com:4318/v1/traces"),
                        Map.of("authorization", "Bearer tok-s3cret"), 0.25, "ladder-eu", Duration.ofSeconds(3)),
                new RequestLog(false, RequestLog.Format.JSON)));
        assertThat(t.toString()).doesNotContain("tok-s3cret");
    }

    @Test
    void badValuesAreReportedAtTheirPathWithoutShowingSecrets() {
        String yaml = ConfigFixtures.MINIMAL + """
                telemetry:
                  tracing:
                    endpoint: ftp://collector
                    headers: {"bad header": "tok-s3cret"}
                    sampling_ratio: 1.5
                    service_name: ""
                    timeot: 3s
                  logs: {format: yaml}
                """;

        assertThat(ConfigFixtures.errors(yaml, dir)).anySatisfy(e -> assertThat(e)
                        .startsWith("telemetry.tracing.endpoint: must start with http:// or https://"))
                .anySatisfy(e -> assertThat(e).startsWith("telemetry.tracing.headers"))
                .anySatisfy(e -> assertThat(e).startsWith("telemetry.tracing.sampling_ratio: must be in 0..1"))
                .anySatisfy(e -> assertThat(e).startsWith("telemetry.tracing.service_name: must not be empty"))
                .anySatisfy(e -> assertThat(e).startsWith("telemetry.tracing.timeot"))
                .anySatisfy(e -> assertThat(e).startsWith("telemetry.logs.format"))
                .noneSatisfy(e -> assertThat(e).contains("tok-s3cret"));
    }
}
