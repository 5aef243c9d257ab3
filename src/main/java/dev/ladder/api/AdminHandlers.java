package dev.ladder.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ladder.model.DeploymentHealth;
import dev.ladder.wire.Json;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** {@code GET /admin/deployments} (JSON) and {@code GET /metrics} (Prometheus text exposition format 0.0.4). */
final class AdminHandlers {

    static final String DEPLOYMENTS = "/admin/deployments";
    static final String METRICS = "/metrics";
    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final AdminViews views;

    AdminHandlers(AdminViews views) {
        this.views = views;
    }

    void deployments(ServerRequest req, ServerResponse res) {
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        res.status(200).send(Json.writeBytes(deploymentsJson(views.deployments().get())));
    }

    void metrics(ServerRequest req, ServerResponse res) {
        res.header(HeaderNames.CONTENT_TYPE, PROMETHEUS_TEXT);
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        res.status(200).send(views.metrics().get().getBytes(StandardCharsets.UTF_8));
    }

    static ObjectNode deploymentsJson(List<DeploymentHealth> deployments) {
        ObjectNode root = Json.object();
        root.put("object", "list");
        ArrayNode data = root.putArray("data");
        for (DeploymentHealth h : deployments) {
            ObjectNode n = data.addObject();
            n.put("model", h.model());
            n.put("provider", h.provider());
            n.put("breaker_state", h.state().wireName());
            n.put("state_since", h.stateSince().toString());
            n.put("failure_rate", h.failureRate());
            n.put("window_calls", h.windowCalls());
            n.put("consecutive_failures", h.consecutiveFailures());
            if (h.ewmaLatency().isPresent()) {
                n.put("ewma_latency_ms", h.ewmaLatency().get().toNanos() / 1e6);
            } else {
                n.putNull("ewma_latency_ms");
            }
            n.put("calls", h.calls());
            n.put("failures", h.failures());
            n.put("rejected", h.rejected());
            if (h.lastError().isPresent()) {
                ObjectNode e = n.putObject("last_error");
                e.put("message", h.lastError().get());
                e.put("at", h.lastErrorAt().map(Object::toString).orElse(null));
            } else {
                n.putNull("last_error");
            }
        }
        return root;
    }
}
