package dev.ladder.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ladder.wire.Json;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How one request through the gateway ended, read from the raw HTTP answer: its status, and for a stream
 * the content it delivered and how it ended ({@code data: [DONE]}, an error event, or neither: a silent
 * truncation, which must never happen).
 */
record SseOutcome(int status, boolean streamed, String content, boolean done, JsonNode error, boolean finishReason,
        Duration took, String requestId) {

    enum End { ANSWER, ERROR_BEFORE_CONTENT, ERROR_AFTER_CONTENT, SILENT_TRUNCATION }

    static SseOutcome of(HttpResponse<String> r, Duration took) throws java.io.IOException {
        String id = r.headers().firstValue("x-ladder-request-id").orElse("");
        boolean sse = r.statusCode() == 200
                && r.headers().firstValue("content-type").orElse("").startsWith("text/event-stream");
        if (!sse) {
            JsonNode body = Json.read(r.body());
            boolean ok = r.statusCode() == 200;
            return new SseOutcome(r.statusCode(), false, ok ? body.path("choices").path(0).path("message")
                    .path("content").asText() : "", ok, ok ? null : body.path("error"), ok, took, id);
        }
        StringBuilder content = new StringBuilder();
        boolean done = false;
        boolean finish = false;
        JsonNode error = null;
        List<String> events = new ArrayList<>();
        for (String event : r.body().split("\n\n")) {
            if (event.startsWith("data: ")) {
                events.add(event.substring(6));
            }
        }
        for (int i = 0; i < events.size(); i++) {
            String data = events.get(i);
            if (data.equals("[DONE]")) {
                done = i == events.size() - 1;
                continue;
            }
            JsonNode n = Json.read(data);
            if (n.has("error")) {
                error = i == events.size() - 1 ? n.path("error") : null;
                continue;
            }
            for (JsonNode choice : n.path("choices")) {
                content.append(choice.path("delta").path("content").asText(""));
                finish |= !choice.path("finish_reason").isMissingNode() && !choice.path("finish_reason").isNull();
            }
        }
        return new SseOutcome(200, true, content.toString(), done, error, finish, took, id);
    }

    End end() {
        if (done) {
            return End.ANSWER;
        }
        if (error != null && !error.path("message").asText().isBlank() && !error.path("type").asText().isBlank()) {
            return content.isEmpty() ? End.ERROR_BEFORE_CONTENT : End.ERROR_AFTER_CONTENT;
        }
        return End.SILENT_TRUNCATION;
    }
}
