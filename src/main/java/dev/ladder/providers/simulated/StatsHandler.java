package dev.ladder.providers.simulated;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.ladder.wire.Json;
import java.io.IOException;

/**
 * {@code GET /sim/stats}: the simulator's counters, {@code {"models": {"<id>": {"started", "completed",
 * "cancelled", "in_flight", "failed": {"server_error", "rate_limited", "timeout", "stream_cut",
 * "connection_reset", "stall", "malformed_chunk"}}}}}.
 */
final class StatsHandler implements HttpHandler {

    static final String PATH = "/sim/stats";

    private final SimulatedStats stats;

    StatsHandler(SimulatedStats stats) {
        this.stats = stats;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        if (!exchange.getRequestURI().getPath().equals(PATH)) {
            HttpReplies.notFound(exchange);
            return;
        }
        if (!"GET".equals(exchange.getRequestMethod())) {
            HttpReplies.methodNotAllowed(exchange, "GET");
            return;
        }
        ObjectNode root = Json.object();
        ObjectNode models = root.putObject("models");
        stats.snapshot().forEach((model, s) -> {
            ObjectNode n = models.putObject(model);
            n.put("started", s.started());
            n.put("completed", s.completed());
            n.put("cancelled", s.cancelled());
            n.put("in_flight", s.inFlight());
            ObjectNode failed = n.putObject("failed");
            s.failed().forEach((fault, count) -> failed.put(fault.wireName(), count));
        });
        HttpReplies.json(exchange, 200, root);
    }
}
