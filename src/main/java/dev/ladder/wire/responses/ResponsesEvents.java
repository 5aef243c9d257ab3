package dev.ladder.wire.responses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ladder.model.ChatChunk;
import dev.ladder.model.ChatRequest;
import dev.ladder.model.Usage;
import dev.ladder.wire.EventEncoder;
import dev.ladder.wire.Json;
import dev.ladder.wire.SseEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The gateway's chunk stream as Responses API events, each with its {@code sequence_number}:
 * {@code response.created} and {@code response.in_progress} first; text as a message item
 * ({@code response.output_item.added}, {@code response.content_part.added}, {@code response.output_text.delta}s,
 * then {@code .done} events for text, part and item); each tool call as a function_call item
 * ({@code response.output_item.added}, {@code response.function_call_arguments.delta}s,
 * {@code response.function_call_arguments.done}, {@code response.output_item.done}); and
 * {@code response.completed} (or {@code response.incomplete}) with the whole response and its usage. A failure
 * mid-stream is an {@code error} event. Only choice 0 is translated. One encoder per stream.
 */
public final class ResponsesEvents implements EventEncoder {

    private final ChatRequest request;
    private final String id;
    private final long createdAt;
    private final ArrayNode output = Json.NODES.arrayNode();
    private int sequence;
    private boolean started;
    private String model = "";
    private ObjectNode openItem;
    private StringBuilder openText;
    private int toolIndex = -1;
    private String finishReason;
    private Usage reported;

    public ResponsesEvents(ChatRequest request, String id, long createdAt) {
        this.request = request;
        this.id = id;
        this.createdAt = createdAt;
    }

    @Override
    public List<SseEvent> next(ChatChunk chunk) {
        List<ObjectNode> out = new ArrayList<>();
        if (!chunk.model().isEmpty()) {
            model = chunk.model();
        }
        start(out);
        chunk.usage().ifPresent(u -> reported = u);
        for (ChatChunk.Delta d : chunk.choices()) {
            if (d.index() != 0) {
                continue;
            }
            String text = d.content() != null ? d.content() : d.refusal();
            if (text != null && !text.isEmpty()) {
                text(out, text);
            }
            if (d.toolCalls() != null && d.toolCalls().isArray()) {
                for (JsonNode call : d.toolCalls()) {
                    toolCall(out, call);
                }
            }
            if (d.finishReason() != null) {
                finishReason = d.finishReason();
            }
        }
        return finish(out);
    }

    @Override
    public List<SseEvent> end(Usage counted, String answeredBy) {
        List<ObjectNode> out = new ArrayList<>();
        if (model.isEmpty()) {
            model = answeredBy;
        }
        start(out);
        closeItem(out);
        Usage usage = Optional.ofNullable(reported).orElse(counted);
        ObjectNode response = ResponsesReplies.envelope(id, createdAt, model, request,
                finishReason == null ? "stop" : finishReason, output, Optional.of(usage));
        String type = response.path("status").asText().equals("incomplete") ? "response.incomplete"
                : "response.completed";
        out.add((ObjectNode) event(type).set("response", response));
        return finish(out);
    }

    @Override
    public List<SseEvent> failed(ObjectNode error) {
        JsonNode e = error.path("error");
        ObjectNode event = event("error");
        event.set("code", e.path("code").isNull() || e.path("code").isMissingNode() ? e.path("type") : e.get("code"));
        event.put("message", e.path("message").asText(""));
        event.set("param", e.hasNonNull("param") ? e.get("param") : Json.NODES.nullNode());
        return finish(List.of(event));
    }

    private void start(List<ObjectNode> out) {
        if (started) {
            return;
        }
        started = true;
        ObjectNode response = ResponsesReplies.envelope(id, createdAt, model, request, null, Json.NODES.arrayNode(),
                Optional.empty());
        out.add((ObjectNode) event("response.created").set("response", response));
        out.add((ObjectNode) event("response.in_progress").set("response", response.deepCopy()));
    }

    private void text(List<ObjectNode> out, String text) {
        if (openText == null) {
            closeItem(out);
            openItem = ResponsesReplies.message(id, null, "in_progress");
            openText = new StringBuilder();
            added(out);
            ObjectNode part = content(event("response.content_part.added"));
            part.set("part", ResponsesReplies.outputText(""));
            out.add(part);
        }
        openText.append(text);
        ObjectNode delta = content(event("response.output_text.delta"));
        delta.put("delta", text);
        delta.putArray("logprobs");
        out.add(delta);
    }

    private void toolCall(List<ObjectNode> out, JsonNode call) {
        int index = call.path("index").asInt(Math.max(toolIndex, 0));
        JsonNode function = call.path("function");
        if (index != toolIndex || openText != null || openItem == null) {
            closeItem(out);
            toolIndex = index;
            openItem = ResponsesReplies.functionCall(call.path("id").asText(""), function.path("name").asText(""), "",
                    "in_progress");
            added(out);
        }
        String arguments = function.path("arguments").asText("");
        if (!arguments.isEmpty()) {
            openItem.put("arguments", openItem.path("arguments").asText() + arguments);
            ObjectNode delta = item(event("response.function_call_arguments.delta"));
            delta.put("delta", arguments);
            out.add(delta);
        }
    }

    private void added(List<ObjectNode> out) {
        ObjectNode e = event("response.output_item.added");
        e.put("output_index", output.size());
        e.set("item", openItem.deepCopy());
        out.add(e);
    }

    private void closeItem(List<ObjectNode> out) {
        if (openItem == null) {
            return;
        }
        if (openText != null) {
            String text = openText.toString();
            ObjectNode done = content(event("response.output_text.done"));
            done.put("text", text);
            done.putArray("logprobs");
            out.add(done);
            ObjectNode part = content(event("response.content_part.done"));
            part.set("part", ResponsesReplies.outputText(text));
            out.add(part);
            openItem.withArray("content").add(ResponsesReplies.outputText(text));
        } else {
            ObjectNode done = item(event("response.function_call_arguments.done"));
            done.put("name", openItem.path("name").asText());
            done.put("arguments", openItem.path("arguments").asText());
            out.add(done);
        }
        openItem.put("status", "completed");
        ObjectNode e = event("response.output_item.done");
        e.put("output_index", output.size());
        e.set("item", openItem);
        out.add(e);
        output.add(openItem);
        openItem = null;
        openText = null;
    }

    private ObjectNode item(ObjectNode e) {
        e.put("item_id", openItem.path("id").asText());
        e.put("output_index", output.size());
        return e;
    }

    private ObjectNode content(ObjectNode e) {
        item(e);
        e.put("content_index", 0);
        return e;
    }

    private ObjectNode event(String type) {
        ObjectNode e = Json.object();
        e.put("type", type);
        return e;
    }

    /** Numbers the events in the order they go out and names each SSE event after its type. */
    private List<SseEvent> finish(List<ObjectNode> events) {
        List<SseEvent> out = new ArrayList<>(events.size());
        for (ObjectNode e : events) {
            e.put("sequence_number", sequence++);
            out.add(new SseEvent(e.path("type").asText(), Json.write(e)));
        }
        return out;
    }
}
