package dev.ladder.pipeline;

import static java.util.Objects.requireNonNull;

import dev.ladder.model.Attempt;
import dev.ladder.model.ChatRequest;
import java.time.Duration;
import java.util.Optional;

/**
 * What one trip down the attempt chain is asked to do, immutable: why ({@code purpose}), where (a plan of one
 * tier's deployments, tried in order), and the request as the caller wants it sent; the chain's stages hand a
 * changed copy down (a tier's defaults applied), never write into shared state. {@code timeout} caps each call
 * below the provider's timeout (a judge or the LLM classifier must answer quickly).
 */
public record AttemptSpec(Attempt.Purpose purpose, RoutePlan plan, ChatRequest request, Optional<Duration> timeout) {

    public AttemptSpec {
        requireNonNull(purpose, "purpose is null");
        requireNonNull(plan, "plan is null");
        requireNonNull(request, "request is null");
        requireNonNull(timeout, "timeout is null");
        if (plan.onFailure().isPresent()) {
            throw new IllegalArgumentException("an attempt stays within one tier: escalation is the strategy's");
        }
    }

    /** An answer for the client, with no timeout of its own. */
    public static AttemptSpec answer(RoutePlan plan, ChatRequest request) {
        return new AttemptSpec(Attempt.Purpose.ANSWER, plan.withoutEscalation(), request, Optional.empty());
    }

    public AttemptSpec withRequest(ChatRequest newRequest) {
        return new AttemptSpec(purpose, plan, newRequest, timeout);
    }
}
