package dev.ladder.api;

import static java.util.Objects.requireNonNull;

import dev.ladder.jobs.Job;
import dev.ladder.jobs.JobResult;
import dev.ladder.jobs.JobRunner;
import dev.ladder.model.ChatRequest;
import dev.ladder.model.Failure;
import dev.ladder.model.LadderException;
import dev.ladder.model.Price;
import dev.ladder.pipeline.Exchange;
import dev.ladder.pipeline.GatewayEvents;
import dev.ladder.pipeline.Pipeline;
import dev.ladder.pipeline.Reply;
import dev.ladder.wire.Json;
import dev.ladder.wire.OpenAiJson;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.Optional;

/**
 * Runs a queued job the way {@code POST /v1/chat/completions} runs a request: parsed by the OpenAI door, through
 * the same pipeline (every upstream call a recorded attempt, the decision log sees the request), errors mapped by
 * the one {@link ErrorMapper}. Queued requests are not streamed.
 */
public final class PipelineJobRunner implements JobRunner {

    private final Pipeline pipeline;
    private final GatewayEvents events;
    private final InstantSource clock;
    private final Price baselinePrice;

    public PipelineJobRunner(Pipeline pipeline, GatewayEvents events, InstantSource clock, Price baselinePrice) {
        this.pipeline = requireNonNull(pipeline, "pipeline is null");
        this.events = requireNonNull(events, "events is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.baselinePrice = requireNonNull(baselinePrice, "baselinePrice is null");
    }

    @Override
    public JobResult run(Job job) {
        String requestId = RequestIds.next();
        Exchange exchange = null;
        try {
            ChatRequest request = FrontDoor.OPENAI_CHAT.parse(job.body().getBytes(StandardCharsets.UTF_8));
            if (request.stream()) {
                throw LadderException.badRequest("Queued requests are not streamed: leave out stream or set it "
                        + "to false.", "stream");
            }
            exchange = new Exchange(requestId, request, JobHints.read(job.hints(), request), events, clock,
                    baselinePrice);
            events.requestStarted(exchange);
            Reply reply = pipeline.execute(exchange);
            if (reply instanceof Reply.Streaming s) {
                s.stream().close();
                throw new LadderException(new Failure.Unavailable("the request path answered a stream"));
            }
            String body = Json.write(OpenAiJson.toJson(((Reply.Complete) reply).response()));
            exchange.finish(200, Optional.empty());
            return new JobResult(200, body, exchange.costUsd(), tier(exchange), requestId);
        } catch (LadderException e) {
            HttpError error = ErrorMapper.map(e.failure());
            if (exchange != null) {
                exchange.finish(error.status(), Optional.of(e.failure()));
            }
            return new JobResult(error.status(), Json.write(error.body()), exchange == null ? 0 : exchange.costUsd(),
                    exchange == null ? Optional.empty() : tier(exchange), requestId);
        }
    }

    @Override
    public JobResult failure(Job job, int status, String message) {
        return new JobResult(status, Json.write(OpenAiJson.error(message, "server_error", null, null)), 0,
                Optional.empty(), RequestIds.next());
    }

    private static Optional<String> tier(Exchange exchange) {
        return exchange.answeredTier().map(t -> t.wireName());
    }
}
