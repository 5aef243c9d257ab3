package dev.ladder.api;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ladder.model.LadderException;
import dev.ladder.webhooks.DeliveryAttempt;
import dev.ladder.webhooks.DeliveryState;
import dev.ladder.webhooks.EventRecord;
import dev.ladder.webhooks.OutboxStore;
import dev.ladder.wire.Json;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.InstantSource;
import java.util.Optional;

/**
 * The webhook outbox for operators: {@code GET /admin/webhooks[?state=dead]} (newest events first),
 * {@code GET /admin/webhooks/{id}} (one event with every delivery attempt) and
 * {@code POST /admin/webhooks/{id}/redeliver} (back in the queue, due now, with a fresh schedule).
 */
final class WebhookAdminHandlers {

    static final String PATH = "/admin/webhooks";
    private static final int LIST_LIMIT = 100;

    private final OutboxStore outbox;
    private final InstantSource clock;

    WebhookAdminHandlers(OutboxStore outbox, InstantSource clock) {
        this.outbox = requireNonNull(outbox, "outbox is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** The routes, each behind {@code guard}'s master key check. */
    void register(HttpRules r, Guard guard) {
        r.get(PATH, guard.admin(this::list)).get(PATH + "/{id}", guard.admin(this::event))
                .post(PATH + "/{id}/redeliver", guard.admin(this::redeliver));
    }

    private void list(ServerRequest req, ServerResponse res) {
        Optional<String> asked = req.query().first("state").asOptional();
        Optional<DeliveryState> state = asked.flatMap(DeliveryState::parse);
        if (asked.isPresent() && state.isEmpty()) {
            Responses.sendError(res, ErrorMapper.map(LadderException.badRequest("Invalid state '" + asked.get()
                    + "'. Supported values are: 'pending', 'delivered' and 'dead'.", "state").failure()));
            return;
        }
        ObjectNode root = Json.object();
        root.put("object", "list");
        ArrayNode data = root.putArray("data");
        outbox.list(state, LIST_LIMIT).forEach(e -> data.add(json(e)));
        send(res, root);
    }

    private void event(ServerRequest req, ServerResponse res) {
        String id = req.path().pathParameters().get("id");
        outbox.event(id).ifPresentOrElse(e -> send(res, json(e)),
                () -> Responses.sendError(res, ErrorMapper.noSuch("webhook event", id)));
    }

    private void redeliver(ServerRequest req, ServerResponse res) {
        String id = req.path().pathParameters().get("id");
        if (!outbox.redeliver(id, clock.instant())) {
            Responses.sendError(res, ErrorMapper.noSuch("webhook event", id));
            return;
        }
        send(res, json(outbox.event(id).orElseThrow()));
    }

    static ObjectNode json(EventRecord e) {
        ObjectNode n = Json.object();
        n.put("id", e.event().id());
        n.put("type", e.event().type());
        n.put("state", e.state().wireName());
        n.put("url", e.event().url().orElse(null));
        n.put("created_at", e.event().createdAt().getEpochSecond());
        n.put("next_attempt_at", e.nextAttemptAt().map(t -> t.getEpochSecond()).orElse(null));
        n.set("payload", JobsHandlers.parseOrText(e.event().body()));
        ArrayNode attempts = n.putArray("attempts");
        for (DeliveryAttempt a : e.attempts()) {
            ObjectNode an = attempts.addObject();
            an.put("number", a.number());
            an.put("at", a.at().getEpochSecond());
            an.put("url", a.url());
            an.put("status", a.status().orElse(null));
            an.put("outcome", a.outcome());
        }
        return n;
    }

    private static void send(ServerResponse res, ObjectNode body) {
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.status(200).send(Json.writeBytes(body));
    }
}
