package dev.ladder.strategy;

import dev.ladder.model.Capability;
import dev.ladder.model.ChatRequest;
import dev.ladder.model.ChatResponse;
import dev.ladder.model.Tier;
import dev.ladder.pipeline.Dispatcher;
import dev.ladder.pipeline.Exchange;
import dev.ladder.pipeline.Planner;
import dev.ladder.pipeline.Reply;
import dev.ladder.pipeline.RoutePlan;
import dev.ladder.validate.Assessment;
import dev.ladder.validate.CompositeValidator;
import dev.ladder.validate.Validation;
import java.util.List;
import java.util.Optional;

/**
 * Cheapest tier first; the answer is held back and validated; a rejected answer escalates to the next tier up
 * with the request augmented by what was wrong. Never the same tier twice (each step starts above the tier
 * that answered), at most two escalations, all within the request's latency budget (the dispatcher enforces
 * it). When the last possible tier's answer is rejected too, that answer is returned: it is the best there
 * is, and its verdict is on the decision log's events.
 */
final class Cascade {

    private final Planner planner;
    private final Dispatcher dispatcher;
    private final Validation validation;

    Cascade(Planner planner, Dispatcher dispatcher, Validation validation) {
        this.planner = planner;
        this.dispatcher = dispatcher;
        this.validation = validation;
    }

    Reply run(Exchange exchange) {
        ChatRequest original = exchange.request();
        CompositeValidator validator = validation.forRoute(exchange.context().feature());
        RoutePlan plan = exchange.plan().orElseThrow();
        ChatRequest ask = original;
        try {
            while (true) {
                ChatRequest sent = Augment.whole(ask, supportsLogprobs(plan));
                exchange.request(sent);
                Buffered answer = Buffered.of(dispatcher.dispatch(exchange, plan));
                Assessment verdict = validator.assess(sent, answer.response());
                verdict.charges().forEach(c -> exchange.bill(c.model(), c.usage()));
                Tier answered = exchange.answeredTier().orElse(plan.tier().orElseThrow());
                exchange.events().validated(exchange, answered, verdict.accepted(), verdict.describe());
                Optional<RoutePlan> next = verdict.accepted() ? Optional.empty()
                        : Escalation.next(exchange, answered).flatMap(t -> planner.planFor(exchange, t));
                if (next.isEmpty()) {
                    return clientView(answer, original).toReply(original.stream());
                }
                exchange.escalated();
                exchange.events().escalated(exchange, answered, next.get().tier().orElseThrow(),
                        verdict.feedback().orElse("rejected"));
                ask = Augment.withFeedback(original, answer.response().text(), verdict.feedback().orElse("it failed validation"));
                plan = next.get();
                exchange.plan(plan);
            }
        } finally {
            exchange.request(original);
        }
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
