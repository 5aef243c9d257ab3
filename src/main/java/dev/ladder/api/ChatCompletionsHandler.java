package dev.ladder.api;

import static java.util.Objects.requireNonNull;

import dev.ladder.access.Caller;
import dev.ladder.jobs.Job;
import dev.ladder.jobs.JobService;
import dev.ladder.model.ChatRequest;
import dev.ladder.model.Failure;
import dev.ladder.model.LadderException;
import dev.ladder.model.Price;
import dev.ladder.pipeline.Exchange;
import dev.ladder.pipeline.GatewayEvents;
import dev.ladder.pipeline.Pipeline;
import dev.ladder.pipeline.Reply;
import dev.ladder.pipeline.Rejected;
import dev.ladder.pipeline.RequestContext;
import dev.ladder.wire.Json;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;

/**
 * {@code POST /v1/chat/completions} (and every other chat-shaped front door: {@code /v1/messages},
 * {@code /v1/responses}): reads the body, lets the {@link FrontDoor} translate it into the internal request, runs
 * the pipeline, and writes the answer as JSON or SSE in the door's format with Ladder's headers. Every outcome
 * ends the exchange exactly once, so the decision log sees every request that got past parsing.
 */
final class ChatCompletionsHandler implements Handler, Guard.CallerHandler {

    private static final System.Logger LOG = System.getLogger(ChatCompletionsHandler.class.getName());

    private final Pipeline pipeline;
    private final GatewayEvents events;
    private final InstantSource clock;
    private final Price baselinePrice;
    private final long maxBodyBytes;
    private final FrontDoor door;
    private final Optional<JobService> jobs;
    private final KeyGate gate;

    ChatCompletionsHandler(Pipeline pipeline, GatewayEvents events, InstantSource clock, Price baselinePrice,
            long maxBodyBytes) {
        this(pipeline, events, clock, baselinePrice, maxBodyBytes, FrontDoor.OPENAI_CHAT);
    }

    ChatCompletionsHandler(Pipeline pipeline, GatewayEvents events, InstantSource clock, Price baselinePrice,
            long maxBodyBytes, FrontDoor door) {
        this(pipeline, events, clock, baselinePrice, maxBodyBytes, door, Optional.empty(), KeyGate.NONE);
    }

    ChatCompletionsHandler(Pipeline pipeline, GatewayEvents events, InstantSource clock, Price baselinePrice,
            long maxBodyBytes, FrontDoor door, KeyGate gate) {
        this(pipeline, events, clock, baselinePrice, maxBodyBytes, door, Optional.empty(), gate);
    }

    /**
     * With {@code gate} admitting callers (keys, allow-lists, rate limits) and {@code x-ladder-async: true} queueing
     * an admitted request in {@code jobs} (a 202 with the job).
     */
    ChatCompletionsHandler(Pipeline pipeline, GatewayEvents events, InstantSource clock, Price baselinePrice,
            long maxBodyBytes, FrontDoor door, Optional<JobService> jobs, KeyGate gate) {
        this.jobs = requireNonNull(jobs, "jobs is null");
        this.gate = requireNonNull(gate, "gate is null");
        this.door = requireNonNull(door, "door is null");
        this.pipeline = requireNonNull(pipeline, "pipeline is null");
        this.events = requireNonNull(events, "events is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.baselinePrice = requireNonNull(baselinePrice, "baselinePrice is null");
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res) {
        handle(new Caller.Anonymous(), req, res);
    }

    @Override
    public void handle(Caller caller, ServerRequest req, ServerResponse res) {
        String requestId = RequestIds.next();
        Instant received = clock.instant();
        res.header(LadderHeaders.REQUEST_ID, requestId);
        Exchange exchange = null;
        try {
            byte[] body = readBody(req, maxBodyBytes);
            ChatRequest request = door.parse(body);
            Optional<RequestContext> context = gate.admit(caller, request, Contexts.of(req.headers(), request), res,
                    door);
            if (context.isEmpty()) {
                return;
            }
            if (jobs.isPresent() && isAsync(req)) {
                queue(req, res, body, request, jobs.get(), context.get());
                return;
            }
            exchange = new Exchange(requestId, request, context.get(), events, clock, baselinePrice);
            events.requestStarted(exchange);
            Reply reply = pipeline.execute(exchange);
            switch (reply) {
                case Reply.Complete c -> writeComplete(res, exchange, c);
                case Reply.Streaming s -> new SseResponder(res, exchange, door).write(s.stream());
            }
        } catch (LadderException e) {
            HttpError error = door.error(ErrorMapper.map(e.failure()));
            if (exchange != null) {
                exchange.finish(error.status(), Optional.of(e.failure()));
                writeLadderHeaders(res, exchange);
            } else {
                events.rejected(new Rejected(requestId, req.path().path(), received, error.status(), e.failure(),
                        Duration.between(received, clock.instant())));
            }
            Responses.sendError(res, error);
        } catch (UncheckedIOException | CloseConnectionException e) {
            // the client went away while we were reading or writing; nothing left to answer
            throw ClientGone.record(exchange, e);
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "internal error in request " + requestId, e);
            HttpError error = door.error(ErrorMapper.internal(requestId));
            if (exchange != null) {
                exchange.finish(error.status(), Optional.of(new Failure.Unavailable("internal error")));
            }
            if (!res.isSent()) {
                Responses.sendError(res, error);
            }
        }
    }

    private static boolean isAsync(ServerRequest req) {
        return req.headers().first(LadderHeaders.ASYNC).map(String::strip).filter("true"::equalsIgnoreCase).isPresent();
    }

    /** Queues the admitted request (already validated by parsing) for {@code caller} and answers 202 with its job. */
    private static void queue(ServerRequest req, ServerResponse res, byte[] body, ChatRequest request, JobService jobs,
            RequestContext caller) {
        if (request.stream()) {
            throw LadderException.badRequest("Queued requests are not streamed: leave out stream or set it to false.",
                    "stream");
        }
        String hints = JobHints.write(caller);
        Optional<String> webhook = JobsHandlers.webhookUrl(req);
        int priority = req.headers().first(LadderHeaders.PRIORITY).map(ChatCompletionsHandler::priority).orElse(0);
        Job job = jobs.submit(new String(body, StandardCharsets.UTF_8), hints, caller.keyId(), webhook, priority);
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.header(HeaderNames.LOCATION, "/v1/jobs/" + job.id());
        res.status(202).send(Json.writeBytes(JobsHandlers.job(job)));
    }

    private static int priority(String s) {
        try {
            int p = Integer.parseInt(s.strip());
            if (Math.abs(p) <= 1000) {
                return p;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw LadderException.badRequest("Invalid value for header x-ladder-priority: '" + s
                + "'. Expected a whole number from -1000 to 1000.", "x-ladder-priority");
    }

    private void writeComplete(ServerResponse res, Exchange exchange, Reply.Complete c) {
        byte[] body = Json.writeBytes(door.complete(c.response(), exchange));
        exchange.finish(200, Optional.empty());
        writeLadderHeaders(res, exchange);
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.status(200).send(body);
    }

    static void writeLadderHeaders(ServerResponse res, Exchange exchange) {
        res.header(LadderHeaders.TIER, exchange.answeredTier().or(() -> exchange.plan().flatMap(p -> p.tier()))
                .map(t -> t.wireName()).orElse("none"));
        res.header(LadderHeaders.MODEL, exchange.answeredBy().map(m -> m.name()).orElse("none"));
        res.header(LadderHeaders.CACHE, exchange.cacheStatus().wireName());
        res.header(LadderHeaders.ESCALATIONS, Integer.toString(exchange.escalations()));
        res.header(LadderHeaders.UPSTREAM_MS, Responses.millis(exchange.upstreamLatency()));
        res.header(LadderHeaders.COST, Responses.usd(exchange.costUsd()));
        res.header(LadderHeaders.BASELINE_COST, Responses.usd(exchange.baselineCostUsd()));
        exchange.cacheKey().ifPresent(k -> res.header(LadderHeaders.CACHE_KEY, k));
        if (exchange.cacheStatus().isHit()) {
            res.header(LadderHeaders.SAVED_COST, Responses.usd(exchange.savedCostUsd()));
        }
    }

    static byte[] readBody(ServerRequest req, long maxBodyBytes) {
        Optional<String> declared = req.headers().first(HeaderNames.CONTENT_LENGTH);
        long length = -1;
        if (declared.isPresent()) {
            try {
                length = Long.parseLong(declared.get().strip());
            } catch (NumberFormatException e) {
                throw LadderException.badRequest("Invalid Content-Length header.", null);
            }
            if (length > maxBodyBytes) {
                throw new LadderException(new Failure.PayloadTooLarge(maxBodyBytes));
            }
        }
        if (!req.content().hasEntity()) {
            throw LadderException.badRequest("We could not parse the JSON body of your request: the body is empty.",
                    null);
        }
        try (InputStream in = req.content().inputStream()) {
            if (length >= 0) {
                // the server ends the entity at the declared length: one array of the body's size (for bodies up
                // to 8 KiB; longer ones are read in 8 KiB chunks, so a false length allocates no more than comes)
                return in.readNBytes((int) length);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
            byte[] buf = new byte[8192];
            long total = 0;
            int n;
            while ((n = in.read(buf)) != -1) {
                total += n;
                if (total > maxBodyBytes) {
                    throw new LadderException(new Failure.PayloadTooLarge(maxBodyBytes));
                }
                out.write(buf, 0, n);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
