package dev.ladder.providers.simulated;

import static java.util.Objects.requireNonNull;

import dev.ladder.model.ChatChunk;
import dev.ladder.model.ChatResponse;
import dev.ladder.model.Usage;
import dev.ladder.providers.simulated.SyntheticLogprobs.TokenLogprob;
import dev.ladder.providers.simulated.TokenizedText.Piece;
import java.util.List;
import java.util.Optional;

/**
 * Everything one simulated call will do, decided up front by {@link SimulatedEngine}: the outcome, the answer
 * (already truncated to the request's token limit), its usage and logprobs, and the pace. The provider and
 * the HTTP server act it out; both build their responses and chunks here, so they cannot disagree.
 */
record Plan(String id, long created, String model, Outcome outcome, TokenizedText answer, String finishReason,
        Usage usage, Optional<List<TokenLogprob>> logprobs, Timing timing) {

    static final String ROLE = "assistant";

    Plan {
        requireNonNull(id, "id is null");
        requireNonNull(model, "model is null");
        requireNonNull(outcome, "outcome is null");
        requireNonNull(answer, "answer is null");
        requireNonNull(finishReason, "finishReason is null");
        requireNonNull(usage, "usage is null");
        requireNonNull(logprobs, "logprobs is null");
        requireNonNull(timing, "timing is null");
    }

    List<Piece> pieces() {
        return answer.pieces();
    }

    ChatResponse response() {
        ChatResponse.Choice choice = new ChatResponse.Choice(0, answer.text(), null, null, finishReason,
                logprobs.map(SyntheticLogprobs::json).orElse(null));
        return new ChatResponse(id, created, model, List.of(choice), Optional.of(usage), Optional.empty());
    }

    ChatChunk roleChunk() {
        return chunk(new ChatChunk.Delta(0, ROLE, "", null, null, null, null));
    }

    ChatChunk contentChunk(int piece) {
        Piece p = pieces().get(piece);
        var entries = logprobs.map(all -> SyntheticLogprobs.json(
                all.subList(p.firstToken(), p.firstToken() + p.tokenCount()))).orElse(null);
        return chunk(new ChatChunk.Delta(0, null, p.text(), null, null, null, entries));
    }

    ChatChunk finishChunk() {
        return chunk(new ChatChunk.Delta(0, null, null, null, null, finishReason, null));
    }

    ChatChunk usageChunk() {
        return new ChatChunk(id, created, model, List.of(), Optional.of(usage));
    }

    private ChatChunk chunk(ChatChunk.Delta delta) {
        return new ChatChunk(id, created, model, List.of(delta), Optional.empty());
    }
}
