package dev.ladder.cache;

import dev.ladder.model.ChatRequest;
import dev.ladder.model.ChatResponse;
import java.util.Set;

/**
 * Decides whether an answer may be stored. The caches store only {@linkplain #COMPLETE complete} answers;
 * the composition root may add a check on top (the answer validators: an answer that fails validation is
 * never stored), see {@link #and}.
 */
@FunctionalInterface
public interface Admission {

    /** Finish reasons of an answer that ended by itself: not cut by a token limit, a filter or a failure. */
    Set<String> COMPLETE_FINISH_REASONS = Set.of("stop", "tool_calls", "function_call");

    /**
     * Every choice ended by itself ({@link #COMPLETE_FINISH_REASONS}): {@code length} (truncated by
     * {@code max_tokens}), {@code content_filter} (cut by a filter) and no finish reason at all (a stream that
     * ended without one) are refused.
     */
    Admission COMPLETE = (request, response) -> !response.choices().isEmpty() && response.choices().stream()
            .allMatch(c -> c.finishReason() != null && COMPLETE_FINISH_REASONS.contains(c.finishReason()));

    boolean admits(ChatRequest request, ChatResponse response);

    default Admission and(Admission other) {
        return (request, response) -> admits(request, response) && other.admits(request, response);
    }
}
