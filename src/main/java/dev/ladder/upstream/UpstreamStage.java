package dev.ladder.upstream;

import static java.util.Objects.requireNonNull;

import dev.ladder.model.Attempt;
import dev.ladder.model.ChatResponse;
import dev.ladder.model.ChunkStream;
import dev.ladder.model.Failure;
import dev.ladder.model.LadderException;
import dev.ladder.model.ModelSpec;
import dev.ladder.model.Usage;
import dev.ladder.pipeline.Exchange;
import dev.ladder.pipeline.Reply;
import dev.ladder.pipeline.RoutePlan;
import dev.ladder.pipeline.Stage;
import dev.ladder.pipeline.UpstreamCall;
import dev.ladder.wire.Tokens;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The last stage: calls the plan's deployments in order until one answers. A retryable failure (5xx,
 * 429, timeout, unreachable, malformed) moves on to the next deployment of the plan; a failure caused by
 * the request itself (4xx) is returned at once, since another deployment would refuse it too. Every call
 * is recorded as an {@link Attempt}. Streams are held until their first content (see
 * {@link CommittedStream}) so a failure before the client sees a byte still fails over.
 */
public final class UpstreamStage implements Stage {

    private final Map<String, Deployment> deployments;

    public UpstreamStage(Map<String, Deployment> deployments) {
        this.deployments = Map.copyOf(deployments);
    }

    @Override
    public Reply handle(Exchange exchange, Chain chain) {
        RoutePlan plan = exchange.plan().orElseThrow(() -> new IllegalStateException("no route plan"));
        List<Attempt> failed = new ArrayList<>();
        for (ModelSpec model : plan.candidates()) {
            Deployment d = requireNonNull(deployments.get(model.name()), () -> "no deployment for " + model.name());
            UpstreamCall call = new UpstreamCall(exchange.request(), model, exchange.requestId(), d.timeout());
            Instant started = exchange.clock().instant();
            try {
                Reply reply = exchange.request().stream() ? stream(exchange, d, call, started, plan)
                        : complete(exchange, d, call, started, plan);
                return reply;
            } catch (LadderException e) {
                Attempt attempt = failedAttempt(exchange, d, plan, started, e.failure());
                exchange.attempt(attempt);
                failed.add(attempt);
                // the request itself is at fault: every other deployment would refuse it as well
                if (!e.failure().retryable()) {
                    throw e;
                }
            }
        }
        throw new LadderException(new Failure.AllAttemptsFailed(failed));
    }

    private Reply complete(Exchange exchange, Deployment d, UpstreamCall call, Instant started, RoutePlan plan) {
        ChatResponse response = d.provider().complete(call);
        Usage usage = response.usage().orElseGet(() -> countedUsage(exchange, response.text()));
        exchange.attempt(new Attempt(d.model().name(), d.provider().name(), plan.tier().orElse(null), started,
                Duration.between(started, exchange.clock().instant()), Optional.empty()));
        exchange.bill(d.model(), usage);
        exchange.answeredBy(d.model(), plan.tier());
        return new Reply.Complete(response.usage().isPresent() ? response : response.withUsage(usage));
    }

    private Reply stream(Exchange exchange, Deployment d, UpstreamCall call, Instant started, RoutePlan plan) {
        ChunkStream upstream = d.provider().stream(call);
        CommittedStream committed = CommittedStream.holdUntilContent(upstream);
        exchange.answeredBy(d.model(), plan.tier());
        return new Reply.Streaming(new MeteredStream(committed, exchange, d, plan.tier(), started));
    }

    private static Attempt failedAttempt(Exchange exchange, Deployment d, RoutePlan plan, Instant started,
            Failure failure) {
        return new Attempt(d.model().name(), d.provider().name(), plan.tier().orElse(null), started,
                Duration.between(started, exchange.clock().instant()), Optional.of(failure));
    }

    static Usage countedUsage(Exchange exchange, String completionText) {
        return new Usage(Tokens.promptTokens(exchange.request()), Tokens.count(completionText), true);
    }
}
