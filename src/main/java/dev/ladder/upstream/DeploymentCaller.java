package dev.ladder.upstream;

import dev.ladder.model.Attempt;
import dev.ladder.model.ChatResponse;
import dev.ladder.model.ChunkStream;
import dev.ladder.model.Usage;
import dev.ladder.pipeline.AttemptSpec;
import dev.ladder.pipeline.Dispatched;
import dev.ladder.pipeline.Exchange;
import dev.ladder.pipeline.Reply;
import dev.ladder.pipeline.UpstreamCall;
import dev.ladder.resilience.Deadline;
import dev.ladder.resilience.DeploymentMonitor;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Makes one call to one deployment, the same way for both kinds of request: the call's timeout is the
 * provider's, cut down to what is left of the request's latency budget and to the spec's own timeout. A
 * complete answer is settled (priced, recorded) and reported to the deployment's health here; a stream is
 * held until it commits ({@link CommittedStream}) and then metered to its end ({@link MeteredStream}), which
 * settles it. A failure before that is thrown for the stage to judge, settle and report.
 */
final class DeploymentCaller {

    private final Duration preCommit;

    DeploymentCaller(Duration preCommit) {
        this.preCommit = preCommit;
    }

    /** The call's timeout: the provider's, or what is left of the budget, or the spec's, whichever is shortest. */
    static Duration timeout(Deployment d, AttemptSpec spec, Deadline deadline, Exchange exchange) {
        Duration t = deadline.bound(d.timeout(), exchange.clock());
        return spec.timeout().filter(s -> s.compareTo(t) < 0).orElse(t);
    }

    Dispatched call(Exchange exchange, AttemptSpec spec, Deployment d, int seq, DeploymentMonitor.Call health,
            Deadline deadline, Instant started) {
        UpstreamCall call = new UpstreamCall(spec.request(), d.model(), exchange.requestId(),
                timeout(d, spec, deadline, exchange));
        Reply reply = spec.request().stream() ? stream(exchange, spec, d, seq, call, health, deadline, started)
                : complete(exchange, spec, d, seq, call, health, started);
        return new Dispatched(reply, seq, d.model(), spec.plan().tier());
    }

    private Reply complete(Exchange exchange, AttemptSpec spec, Deployment d, int seq, UpstreamCall call,
            DeploymentMonitor.Call health, Instant started) {
        ChatResponse response = d.provider().complete(call);
        Duration took = Duration.between(started, exchange.clock().instant());
        health.succeeded(took);
        Usage usage = response.usage().orElseGet(() -> UpstreamStage.countedUsage(spec, response.text()));
        exchange.settle(new Attempt(seq, spec.purpose(), d.model().name(), d.provider().name(), spec.plan().tier(),
                started, took, spec.request(), usage, d.model().price().cost(usage), Attempt.Outcome.ANSWERED,
                Optional.empty()));
        return new Reply.Complete(response.usage().isPresent() ? response : response.withUsage(usage));
    }

    private Reply stream(Exchange exchange, AttemptSpec spec, Deployment d, int seq, UpstreamCall call,
            DeploymentMonitor.Call health, Deadline deadline, Instant started) {
        ChunkStream upstream = d.provider().stream(call);
        CommittedStream committed = CommittedStream.hold(upstream, preCommit, deadline, exchange.clock());
        Duration timeToCommit = Duration.between(started, exchange.clock().instant());
        return new Reply.Streaming(new MeteredStream(committed, exchange, spec, d, seq, started, health,
                timeToCommit));
    }
}
