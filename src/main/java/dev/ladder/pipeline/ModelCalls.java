package dev.ladder.pipeline;

import dev.ladder.model.Attempt;
import dev.ladder.model.ChatRequest;
import dev.ladder.model.ChatResponse;
import dev.ladder.model.Failure;
import dev.ladder.model.LadderException;
import dev.ladder.model.ModelSpec;
import java.time.Duration;

/**
 * A complete call to one model on behalf of the current request, made as one of its attempts (behind the
 * model's breaker, retried by the retry table, priced, billed and logged): what a judge or the LLM classifier
 * is given instead of a provider. Throws {@link LadderException} when the call fails.
 */
@FunctionalInterface
public interface ModelCalls {

    /** No calls: for offline tools and tests of classifiers and validators that make none. */
    ModelCalls NONE = (purpose, model, request, timeout) -> {
        throw new LadderException(new Failure.Unavailable("no model calls can be made here"));
    };

    ChatResponse complete(Attempt.Purpose purpose, ModelSpec model, ChatRequest request, Duration timeout);
}
