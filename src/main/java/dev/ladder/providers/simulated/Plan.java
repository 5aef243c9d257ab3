package dev.ladder.providers.simulated;

import static java.util.Objects.requireNonNull;

import dev.ladder.model.ChatChunk;
import dev.ladder.model.ChatResponse;
import dev.ladder.model.Usage;
import dev.ladder.providers.simulated.SyntheticLogprobs.TokenLogprob;
import dev.ladder.providers.simulated.TokenizedText.Piece;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ladder.wire.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import java.util.Optional;

/**
 * Everything one simulated call will do, decided up front by {@link SimulatedEngine}: the outcome, the answer
 * (already truncated to the request's token limit), its usage and logprobs, and the pace. The provider and
 * the HTTP server act it out; both build their responses and chunks here, so they cannot disagree.
 */
record Plan(String id, long created, String model, Outcome outcome, TokenizedText answer, String finishReason,
        Usage usage, Optional<List<TokenLogprob>> logprobs, Timing timing, int choices, Optional<ToolCall> toolCall) {

    static final String ROLE = "assistant";

    /** A call of one tool; the answer's text is its arguments. */
    record ToolCall(String id, String name) {
    }

    Plan(String id, long created, String model, Outcome outcome, TokenizedText answer, String finishReason,
            Usage usage, Optional<List<TokenLogprob>> logprobs, Timing timing) {
        this(id, created, model, outcome, answer, finishReason, usage, logprobs, timing, 1, Optional.empty());
    }

    Plan {
        requireNonNull(id, "id is null");
        requireNonNull(model, "model is null");
        requireNonNull(outcome, "outcome is null");
        requireNonNull(answer, "answer is null");
        requireNonNull(finishReason, "finishReason is null");
        requireNonNull(usage, "usage is null");
        requireNonNull(logprobs, "logprobs is null");
        requireNonNull(timing, "timing is null");
        requireNonNull(toolCall, "toolCall is null");
        if (choices < 1) {
            throw new IllegalArgumentException("choices must be >= 1");
        }
    }

    List<Piece> pieces() {
        return answer.pieces();
    }

    ChatResponse response() {
        List<ChatResponse.Choice> out = new ArrayList<>(choices);
        for (int i = 0; i < choices; i++) {
            out.add(toolCall.isPresent()
                    ? new ChatResponse.Choice(i, null, toolCalls(answer.text(), true), null, finishReason, null)
                    : new ChatResponse.Choice(i, answer.text(), null, null, finishReason,
                            logprobs.map(SyntheticLogprobs::json).orElse(null)));
        }
        return new ChatResponse(id, created, model, out, Optional.of(usage), Optional.empty());
    }

    ChatChunk roleChunk() {
        return chunk(i -> new ChatChunk.Delta(i, ROLE, toolCall.isPresent() ? null : "", null, null, null, null));
    }

    ChatChunk contentChunk(int piece) {
        Piece p = pieces().get(piece);
        if (toolCall.isPresent()) {
            return chunk(i -> new ChatChunk.Delta(i, null, null, toolCalls(p.text(), piece == 0), null, null, null));
        }
        var entries = logprobs.map(all -> SyntheticLogprobs.json(
                all.subList(p.firstToken(), p.firstToken() + p.tokenCount()))).orElse(null);
        return chunk(i -> new ChatChunk.Delta(i, null, p.text(), null, null, null, entries));
    }

    ChatChunk finishChunk() {
        return chunk(i -> new ChatChunk.Delta(i, null, null, null, null, finishReason, null));
    }

    /** The tool call as OpenAI carries it: with id, type and name when {@code head}, else only arguments. */
    private ArrayNode toolCalls(String arguments, boolean head) {
        ToolCall c = toolCall.orElseThrow();
        ArrayNode calls = Json.NODES.arrayNode();
        ObjectNode call = calls.addObject();
        call.put("index", 0);
        if (head) {
            call.put("id", c.id());
            call.put("type", "function");
        }
        ObjectNode f = call.putObject("function");
        if (head) {
            f.put("name", c.name());
        }
        f.put("arguments", arguments);
        return calls;
    }

    ChatChunk usageChunk() {
        return new ChatChunk(id, created, model, List.of(), Optional.of(usage));
    }

    private ChatChunk chunk(IntFunction<ChatChunk.Delta> deltaOfChoice) {
        List<ChatChunk.Delta> deltas = new ArrayList<>(choices);
        for (int i = 0; i < choices; i++) {
            deltas.add(deltaOfChoice.apply(i));
        }
        return new ChatChunk(id, created, model, deltas, Optional.empty());
    }
}
