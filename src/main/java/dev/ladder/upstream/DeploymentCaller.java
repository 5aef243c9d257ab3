package dev.ladder.upstream;

import dev.ladder.model.Attempt;
import dev.ladder.model.ChatResponse;
import dev.ladder.model.ChunkStream;
import dev.ladder.model.Usage;
import dev.ladder.pipeline.Exchange;
import dev.ladder.pipeline.Reply;
import dev.ladder.pipeline.RoutePlan;
import dev.ladder.pipeline.UpstreamCall;
import dev.ladder.resilience.Deadline;
import dev.ladder.resilience.DeploymentMonitor;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Makes one call to one deployment, the same way for both kinds of request: the call's timeout is the
 * provider's, cut down to what is left of the request's latency budget. A complete answer is recorded, billed
 * and reported to the deployment's health here; a stream is held until it commits ({@link CommittedStream})
 * and then metered to its end ({@link MeteredStream}), which reports it. A failure before that is thrown for
 * the stage to judge (and report).
 */
final class DeploymentCaller {

    private final Duration preCommit;

    DeploymentCaller(Duration preCommit) {
        this.preCommit = preCommit;
    }

    /** The call's timeout: the provider's, or what is left of the budget when that is shorter. */
    static Duration timeout(Deployment d, Deadline deadline, Exchange exchange) {
        return deadline.bound(d.timeout(), exchange.clock());
    }

    Reply call(Exchange exchange, Deployment d, RoutePlan step, DeploymentMonitor.Call health, Deadline deadline,
            Instant started) {
        UpstreamCall call = new UpstreamCall(exchange.request(), d.model(), exchange.requestId(),
                timeout(d, deadline, exchange));
        return exchange.request().stream() ? stream(exchange, d, call, step, health, deadline, started)
                : complete(exchange, d, call, step, health, started);
    }

    private Reply complete(Exchange exchange, Deployment d, UpstreamCall call, RoutePlan step,
            DeploymentMonitor.Call health, Instant started) {
        ChatResponse response = d.provider().complete(call);
        Duration took = Duration.between(started, exchange.clock().instant());
        health.succeeded(took);
        Usage usage = response.usage().orElseGet(() -> UpstreamStage.countedUsage(exchange, response.text()));
        exchange.attempt(new Attempt(d.model().name(), d.provider().name(), step.tier().orElse(null), started, took,
                Optional.empty()));
        exchange.bill(d.model(), usage);
        exchange.answeredBy(d.model(), step.tier());
        return new Reply.Complete(response.usage().isPresent() ? response : response.withUsage(usage));
    }

    private Reply stream(Exchange exchange, Deployment d, UpstreamCall call, RoutePlan step,
            DeploymentMonitor.Call health, Deadline deadline, Instant started) {
        ChunkStream upstream = d.provider().stream(call);
        CommittedStream committed = CommittedStream.hold(upstream, preCommit, deadline, exchange.clock());
        Duration timeToCommit = Duration.between(started, exchange.clock().instant());
        exchange.answeredBy(d.model(), step.tier());
        return new Reply.Streaming(new MeteredStream(committed, exchange, d, step.tier(), started, health,
                timeToCommit));
    }
}
