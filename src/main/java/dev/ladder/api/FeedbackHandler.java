package dev.ladder.api;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ladder.access.Caller;
import dev.ladder.pipeline.Feedback;
import dev.ladder.pipeline.FeedbackStore;
import dev.ladder.pipeline.GatewayEvents;
import dev.ladder.wire.Json;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.time.InstantSource;
import java.util.Iterator;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * {@code POST /v1/feedback}: {@code {"request_id": "...", "score": 0.0..1.0}} or {@code {"request_id": "...",
 * "regenerated": true}} (or both). The request id is the {@code x-ladder-request-id} of an answer; the feedback
 * is stored next to that request's decision. 200 with {@code {"object": "feedback", "request_id", "stored":
 * true}}; 400 for a body of the wrong shape (the message names the field); 404 when no decision has that id.
 */
final class FeedbackHandler implements Handler, Guard.CallerHandler {

    private static final System.Logger LOG = System.getLogger(FeedbackHandler.class.getName());
    static final int MAX_BODY_BYTES = 64 * 1024;
    private static final Set<String> FIELDS = Set.of("request_id", "score", "regenerated");

    private final FeedbackStore store;
    private final InstantSource clock;
    private final GatewayEvents events;

    FeedbackHandler(FeedbackStore store, InstantSource clock, GatewayEvents events) {
        this.store = requireNonNull(store, "store is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.events = requireNonNull(events, "events is null");
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res) {
        handle(new Caller.Anonymous(), req, res);
    }

    /** A virtual key may rate only the requests it made; another id is a 404, as if unknown. */
    @Override
    public void handle(Caller caller, ServerRequest req, ServerResponse res) {
        Feedback feedback;
        try {
            feedback = parse(read(req));
        } catch (BadFeedback e) {
            Responses.sendError(res, ErrorMapper.badFeedback(e.getMessage(), e.param));
            return;
        }
        boolean stored;
        try {
            stored = caller instanceof Caller.Key k ? store.addFeedback(feedback, k.key().id())
                    : store.addFeedback(feedback);
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "cannot store feedback for " + feedback.requestId(), e);
            Responses.sendError(res, ErrorMapper.internal(feedback.requestId()));
            return;
        }
        if (!stored) {
            Responses.sendError(res, ErrorMapper.unknownRequestId(feedback.requestId()));
            return;
        }
        events.feedbackReceived(feedback);
        ObjectNode body = Json.object();
        body.put("object", "feedback");
        body.put("request_id", feedback.requestId());
        body.put("stored", true);
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.status(200).send(Json.writeBytes(body));
    }

    private static byte[] read(ServerRequest req) {
        if (!req.content().hasEntity()) {
            throw new BadFeedback("The body is empty; send {\"request_id\": ..., \"score\": ...}.", null);
        }
        try (InputStream in = req.content().inputStream()) {
            byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
            if (bytes.length > MAX_BODY_BYTES) {
                throw new BadFeedback("The body is larger than " + MAX_BODY_BYTES + " bytes.", null);
            }
            return bytes;
        } catch (IOException e) {
            throw new BadFeedback("The body could not be read.", null);
        }
    }

    Feedback parse(byte[] body) {
        JsonNode root;
        try {
            root = Json.read(body);
        } catch (IOException e) {
            throw new BadFeedback("The body is not valid JSON.", null);
        }
        if (root == null || !root.isObject()) {
            throw new BadFeedback("The body must be a JSON object.", null);
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!FIELDS.contains(field)) {
                throw new BadFeedback("Unknown field '" + field + "'; expected request_id, score, regenerated.", field);
            }
        }
        JsonNode id = root.get("request_id");
        if (id == null || !id.isTextual() || id.asText().isBlank()) {
            throw new BadFeedback("'request_id' is required: the x-ladder-request-id of the answer.", "request_id");
        }
        JsonNode score = root.get("score");
        OptionalDouble s = OptionalDouble.empty();
        if (score != null && !score.isNull()) {
            if (!score.isNumber() || !(score.asDouble() >= 0 && score.asDouble() <= 1)) {
                throw new BadFeedback("'score' must be a number from 0 (bad) to 1 (fully satisfied).", "score");
            }
            s = OptionalDouble.of(score.asDouble());
        }
        JsonNode regenerated = root.get("regenerated");
        if (regenerated != null && !regenerated.isBoolean()) {
            throw new BadFeedback("'regenerated' must be true or false.", "regenerated");
        }
        boolean regen = regenerated != null && regenerated.asBoolean();
        if (s.isEmpty() && !regen) {
            throw new BadFeedback("Send a 'score' (0..1), 'regenerated': true, or both.", "score");
        }
        return new Feedback(id.asText(), clock.instant(), s, regen);
    }

    private static final class BadFeedback extends RuntimeException {
        final String param;

        BadFeedback(String message, String param) {
            super(message, null, false, false);
            this.param = param;
        }
    }
}
