package dev.ladder.strategy;

import dev.ladder.model.Attempt;
import dev.ladder.model.Capability;
import dev.ladder.model.ChatRequest;
import dev.ladder.model.ChatResponse;
import dev.ladder.model.Escalation;
import dev.ladder.model.Failure;
import dev.ladder.model.LadderException;
import dev.ladder.model.Tier;
import dev.ladder.pipeline.AnswerValidation;
import dev.ladder.pipeline.Attempts;
import dev.ladder.pipeline.Dispatched;
import dev.ladder.pipeline.Exchange;
import dev.ladder.pipeline.ModelCalls;
import dev.ladder.pipeline.Planner;
import dev.ladder.pipeline.Reply;
import dev.ladder.pipeline.RoutePlan;
import java.util.List;
import java.util.Optional;

/**
 * Cheapest tier first; the answer is held back and validated; a rejected answer escalates to the next tier up
 * with the request augmented by what was wrong. Never the same tier twice (each step starts above the tier
 * that answered, nor a tier that offers only the models that just answered), at most two escalations, all
 * within the request's latency budget. When there is no tier to move up to, the validators that call models
 * (a judge, a consensus) are skipped: they could not change the outcome. Each step is an attempt
 * through the attempt chain, sent with its own tier's defaults; the judge's calls are attempts too; each
 * answer's verdict is on its attempt. The judge always sees the client's question, never the escalation
 * prompt. A tier above that cannot serve the request (none of its models has the capabilities or the window
 * it needs) is passed over. When the last possible tier's answer is rejected too, that answer is returned: it
 * is the best there is, and its verdict is in the decision log; except when it is not the JSON the client
 * asked for (a schema failure, always hard): that ends as {@link Failure.ValidationFailed} (502
 * {@code validation_failed}, listing every answer), since the client could not use it.
 */
final class Cascade {

    private final Planner planner;
    private final Direct direct;
    private final Attempts attempts;
    private final AnswerValidation validation;

    Cascade(Planner planner, Direct direct, Attempts attempts, AnswerValidation validation) {
        this.planner = planner;
        this.direct = direct;
        this.attempts = attempts;
        this.validation = validation;
    }

    Reply run(Exchange exchange, RoutePlan first) {
        ChatRequest original = exchange.request();
        ModelCalls judgeCalls = attempts.calls(exchange);
        RoutePlan plan = first;
        ChatRequest ask = original;
        while (true) {
            Dispatched d = direct.dispatch(exchange, plan, Augment.whole(ask, supportsLogprobs(plan)));
            Buffered answer = Buffered.of(d.reply());
            Tier answered = d.tier().orElseThrow();
            RoutePlan current = plan;
            Optional<RoutePlan> above = EscalationPolicy.nextPlan(planner, exchange, answered).filter(p -> !sameModels(p, current));
            // with nowhere to go, a judge or a consensus could not change the outcome: only the free checks run
            ModelCalls calls = above.isPresent() ? judgeCalls : ModelCalls.NONE;
            AnswerValidation.Conclusion verdict = validation.assess(exchange.context().feature(), original,
                    answer.response(), calls);
            exchange.judged(d.seq(), new Attempt.Verdict(verdict.accepted(), verdict.details()));
            // an answer that is not the JSON the client asked for is no answer: with no tier left, say so
            if (verdict.unusable() && above.isEmpty()) {
                throw validationFailed(exchange, verdict);
            }
            if (verdict.accepted() || above.isEmpty()) {
                exchange.answered(d);
                return clientView(answer, original).toReply(original.stream());
            }
            String why = verdict.feedback().orElse("it failed validation");
            exchange.escalated(new Escalation(answered, above.get().tier().orElseThrow(), Escalation.Cause.VALIDATION,
                    why));
            ask = Augment.withFeedback(original, answer.response().text(), why);
            plan = above.get();
        }
    }

    /** The error for an unusable last answer: what was wrong with it, and every answer the request got. */
    static LadderException validationFailed(Exchange exchange, AnswerValidation.Conclusion verdict) {
        return new LadderException(new Failure.ValidationFailed(verdict.feedback().orElse("it failed validation"),
                exchange.attempts().stream().filter(a -> a.purpose() == Attempt.Purpose.ANSWER).toList()));
    }

    /** A tier that offers only the models that just answered has nothing new to say. */
    private static boolean sameModels(RoutePlan a, RoutePlan b) {
        return java.util.Set.copyOf(a.candidates()).equals(java.util.Set.copyOf(b.candidates()));
    }

    /** Logprobs are asked for when the tier's first model returns them, so confidence can be judged. */
    private static boolean supportsLogprobs(RoutePlan plan) {
        return plan.candidates().getFirst().supports(Capability.LOGPROBS);
    }

    /** The answer without the logprobs Ladder asked for on its own behalf. */
    static Buffered clientView(Buffered answer, ChatRequest original) {
        if (original.wantsLogprobs()) {
            return answer;
        }
        ChatResponse r = answer.response();
        List<ChatResponse.Choice> choices = r.choices().stream().map(c -> new ChatResponse.Choice(c.index(),
                c.content(), c.toolCalls(), c.refusal(), c.finishReason(), null)).toList();
        return new Buffered(new ChatResponse(r.id(), r.created(), r.model(), choices, r.usage(), r.systemFingerprint()),
                List.of());
    }
}
