package dev.ladder.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ladder.model.ChatChunk;
import dev.ladder.model.ChatResponse;
import dev.ladder.model.Usage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Folds streamed chunks back into one {@link ChatResponse}: concatenates content, merges tool-call deltas by
 * index (id/type/name set once, arguments appended), gathers logprob entries, keeps the last finish reason
 * and the usage. Used to validate or cache a streamed answer and to compare streamed with non-streamed text.
 */
public final class StreamAssembler {

    private final TreeMap<Integer, ChoiceState> choices = new TreeMap<>();
    private String id = "";
    private long created;
    private String model = "";
    private Usage usage;

    public void add(ChatChunk chunk) {
        if (!chunk.id().isEmpty()) {
            id = chunk.id();
        }
        if (chunk.created() != 0) {
            created = chunk.created();
        }
        if (!chunk.model().isEmpty()) {
            model = chunk.model();
        }
        chunk.usage().ifPresent(u -> usage = u);
        for (ChatChunk.Delta d : chunk.choices()) {
            choices.computeIfAbsent(d.index(), i -> new ChoiceState()).add(d);
        }
    }

    public Optional<Usage> usage() {
        return Optional.ofNullable(usage);
    }

    /** The text so far of choice 0. */
    public String text() {
        ChoiceState s = choices.get(0);
        return s == null ? "" : s.content.toString();
    }

    public ChatResponse toResponse() {
        List<ChatResponse.Choice> out = new ArrayList<>();
        if (choices.isEmpty()) {
            choices.put(0, new ChoiceState());
        }
        choices.forEach((index, s) -> out.add(s.toChoice(index)));
        return new ChatResponse(id, created, model, out, Optional.ofNullable(usage), Optional.empty());
    }

    private static final class ChoiceState {
        final StringBuilder content = new StringBuilder();
        final StringBuilder refusal = new StringBuilder();
        final TreeMap<Integer, ObjectNode> toolCalls = new TreeMap<>();
        ArrayNode logprobContent;
        String finishReason;
        boolean sawContent;

        void add(ChatChunk.Delta d) {
            if (d.content() != null) {
                content.append(d.content());
                sawContent = true;
            }
            if (d.refusal() != null) {
                refusal.append(d.refusal());
            }
            if (d.finishReason() != null) {
                finishReason = d.finishReason();
            }
            if (d.toolCalls() != null && d.toolCalls().isArray()) {
                for (JsonNode tc : d.toolCalls()) {
                    mergeToolCall(tc);
                }
            }
            if (d.logprobs() != null && d.logprobs().path("content").isArray()) {
                if (logprobContent == null) {
                    logprobContent = Json.NODES.arrayNode();
                }
                logprobContent.addAll((ArrayNode) d.logprobs().get("content"));
            }
        }

        private void mergeToolCall(JsonNode tc) {
            int index = tc.path("index").asInt(toolCalls.size());
            ObjectNode acc = toolCalls.computeIfAbsent(index, i -> {
                ObjectNode n = Json.object();
                n.put("id", "");
                n.put("type", "function");
                ObjectNode f = n.putObject("function");
                f.put("name", "");
                f.put("arguments", "");
                return n;
            });
            if (tc.path("id").isTextual()) {
                acc.put("id", tc.get("id").asText());
            }
            if (tc.path("type").isTextual()) {
                acc.put("type", tc.get("type").asText());
            }
            JsonNode f = tc.path("function");
            ObjectNode af = (ObjectNode) acc.get("function");
            if (f.path("name").isTextual()) {
                af.put("name", af.get("name").asText() + f.get("name").asText());
            }
            if (f.path("arguments").isTextual()) {
                af.put("arguments", af.get("arguments").asText() + f.get("arguments").asText());
            }
        }

        ChatResponse.Choice toChoice(int index) {
            ArrayNode tools = null;
            if (!toolCalls.isEmpty()) {
                tools = Json.NODES.arrayNode();
                tools.addAll(toolCalls.values());
            }
            JsonNode logprobs = null;
            if (logprobContent != null) {
                ObjectNode lp = Json.object();
                lp.set("content", logprobContent);
                lp.putNull("refusal");
                logprobs = lp;
            }
            String text = sawContent || tools == null ? content.toString() : null;
            return new ChatResponse.Choice(index, text, tools, refusal.isEmpty() ? null : refusal.toString(),
                    finishReason, logprobs);
        }
    }
}
