package dev.ladder.e2e;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An OTLP/HTTP trace collector in the test's process, on 127.0.0.1: it decodes each {@code POST /v1/traces}
 * (protobuf, as the OpenTelemetry SDK's exporter sends it) with the opentelemetry-proto classes, answers as a
 * collector does, and keeps every span with its resource's service name and the headers it came with.
 */
final class RecordingOtlpCollector implements AutoCloseable {

    /** A received span, flattened: ids in hex, attributes as Java values (String, Long, Double, Boolean). */
    record ReceivedSpan(String service, String traceId, String spanId, String parentSpanId, String name,
            Span.SpanKind kind, long startNanos, long endNanos, Map<String, Object> attributes, int statusCode) {

        Object attribute(String key) {
            return attributes.get(key);
        }
    }

    private final HttpServer server;
    private final List<ReceivedSpan> spans = new CopyOnWriteArrayList<>();
    private final List<Map<String, List<String>>> headers = new CopyOnWriteArrayList<>();

    private RecordingOtlpCollector(HttpServer server) {
        this.server = server;
    }

    static RecordingOtlpCollector start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        RecordingOtlpCollector c = new RecordingOtlpCollector(server);
        server.createContext("/v1/traces", c::export);
        server.start();
        return c;
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1/traces";
    }

    List<ReceivedSpan> spans() {
        return List.copyOf(spans);
    }

    List<Map<String, List<String>>> requestHeaders() {
        return List.copyOf(headers);
    }

    private void export(HttpExchange ex) throws IOException {
        try (ex; InputStream in = ex.getRequestBody()) {
            if (!ex.getRequestMethod().equals("POST")
                    || !ex.getRequestHeaders().getFirst("Content-Type").startsWith("application/x-protobuf")) {
                ex.sendResponseHeaders(415, -1);
                return;
            }
            headers.add(Map.copyOf(ex.getRequestHeaders()));
            ExportTraceServiceRequest request = ExportTraceServiceRequest.parseFrom(in.readAllBytes());
            for (ResourceSpans rs : request.getResourceSpansList()) {
                String service = rs.getResource().getAttributesList().stream()
                        .filter(kv -> kv.getKey().equals("service.name")).map(kv -> kv.getValue().getStringValue())
                        .findFirst().orElse("");
                for (ScopeSpans ss : rs.getScopeSpansList()) {
                    ss.getSpansList().forEach(s -> spans.add(flatten(service, s)));
                }
            }
            byte[] ok = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
            ex.getResponseHeaders().add("Content-Type", "application/x-protobuf");
            ex.sendResponseHeaders(200, ok.length == 0 ? -1 : ok.length);
            if (ok.length > 0) {
                ex.getResponseBody().write(ok);
            }
        }
    }

    private static ReceivedSpan flatten(String service, Span s) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        for (KeyValue kv : s.getAttributesList()) {
            attributes.put(kv.getKey(), value(kv.getValue()));
        }
        HexFormat hex = HexFormat.of();
        return new ReceivedSpan(service, hex.formatHex(s.getTraceId().toByteArray()),
                hex.formatHex(s.getSpanId().toByteArray()), hex.formatHex(s.getParentSpanId().toByteArray()),
                s.getName(), s.getKind(), s.getStartTimeUnixNano(), s.getEndTimeUnixNano(), attributes,
                s.getStatus().getCodeValue());
    }

    private static Object value(AnyValue v) {
        return switch (v.getValueCase()) {
            case STRING_VALUE -> v.getStringValue();
            case INT_VALUE -> v.getIntValue();
            case DOUBLE_VALUE -> v.getDoubleValue();
            case BOOL_VALUE -> v.getBoolValue();
            default -> v.toString();
        };
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
