package dev.ladder.validate;

import dev.ladder.model.ChatRequest;
import dev.ladder.model.ChatResponse;

/**
 * Judges one answer to one request. Implementations are pure functions of their inputs (the self-evaluator
 * aside, which asks a model) and never throw for a bad answer: a bad answer is a {@link Verdict.Fail}.
 */
@FunctionalInterface
public interface Validator {

    Verdict validate(ChatRequest request, ChatResponse response);
}
