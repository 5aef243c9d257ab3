package dev.ladder.providers.simulated;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.ladder.model.ChatChunk;
import dev.ladder.model.ChatRequest;
import dev.ladder.model.Failure;
import dev.ladder.model.LadderException;
import dev.ladder.wire.OpenAiJson;
import dev.ladder.wire.OpenAiRequests;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code POST /v1/chat/completions} over real HTTP. Validates with {@link OpenAiRequests} (400) and the model
 * list (404), then acts out the engine's plan: a JSON answer, or server-sent events ending in
 * {@code data: [DONE]} (usage chunk only with {@code stream_options.include_usage}); a 500 or a 429 with
 * {@code Retry-After} as OpenAI error JSON; a hang that holds the connection without a byte until the server
 * closes or {@code maxHang} passes; a cut that drops the connection (mid-stream, without [DONE]); a reset
 * that drops it before answering; a stall that stops sending part-way and then holds the connection like a
 * hang; a malformed chunk ({@code data:} that is not JSON, then the body ends without [DONE]; not streaming,
 * a 200 whose body is not JSON). A client that goes away mid-stream is noticed when a write fails, and the call
 * counts as cancelled.
 */
final class ChatCompletionsHandler implements HttpHandler {

    static final String PATH = "/v1/chat/completions";
    static final int MAX_BODY_BYTES = 16 * 1024 * 1024;
    /** What a malformed chunk (or body) says: the start of a chunk, cut off. */
    static final String GARBAGE = "{\"id\": \"chatcmpl-sim-garbled\", \"choices\": [{\"delta\": {\"cont";

    private static final System.Logger LOG = System.getLogger(ChatCompletionsHandler.class.getName());

    private final SimulatedEngine engine;
    private final CountDownLatch closing;
    private final Duration maxHang;

    ChatCompletionsHandler(SimulatedEngine engine, CountDownLatch closing, Duration maxHang) {
        this.engine = engine;
        this.closing = closing;
        this.maxHang = maxHang;
    }

    /**
     * Thrown to make the JDK server close the connection without finishing the response: its exchange loop
     * closes the socket when a handler throws before the response is complete.
     */
    static final class DroppedConnection extends IOException {
        DroppedConnection() {
            super("simulated upstream dropped the connection", null);
        }
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        if (!exchange.getRequestURI().getPath().equals(PATH)) {
            HttpReplies.notFound(exchange);
            return;
        }
        if (!"POST".equals(exchange.getRequestMethod())) {
            HttpReplies.methodNotAllowed(exchange, "POST");
            return;
        }
        try {
            Optional<ChatRequest> request = parse(exchange);
            if (request.isPresent()) {
                Optional<SimulatedEngine.Call> call = start(exchange, request.get());
                if (call.isPresent()) {
                    act(exchange, request.get(), call.get());
                }
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "simulator: request failed", e);
            if (exchange.getResponseCode() != -1) {
                throw new DroppedConnection();
            }
            HttpReplies.error(exchange, 500, "The simulator failed: " + e, "server_error", null, null);
        }
    }

    private static Optional<ChatRequest> parse(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readNBytes(MAX_BODY_BYTES + 1);
        }
        if (body.length > MAX_BODY_BYTES) {
            HttpReplies.error(exchange, 413, new Failure.PayloadTooLarge(MAX_BODY_BYTES).message(),
                    "invalid_request_error", null, null);
            return Optional.empty();
        }
        try {
            return Optional.of(OpenAiRequests.parse(body));
        } catch (LadderException e) {
            String param = e.failure() instanceof Failure.BadRequest b ? b.param() : null;
            HttpReplies.error(exchange, 400, e.getMessage(), "invalid_request_error", param, null);
            return Optional.empty();
        }
    }

    private Optional<SimulatedEngine.Call> start(HttpExchange exchange, ChatRequest request) throws IOException {
        try {
            return Optional.of(engine.start(request, request.model()));
        } catch (LadderException e) {
            if (!(e.failure() instanceof Failure.UnknownModel)) {
                throw e;
            }
            HttpReplies.error(exchange, 404, e.getMessage(), "invalid_request_error", null, "model_not_found");
        } catch (ReplayUnavailableException e) {
            HttpReplies.error(exchange, 500, e.getMessage(), "server_error", null, null);
        }
        return Optional.empty();
    }

    private void act(HttpExchange exchange, ChatRequest request, SimulatedEngine.Call call) throws IOException {
        Plan plan = call.plan();
        CallTally tally = call.tally();
        Sleeper sleeper = engine.sleeper();
        try {
            switch (plan.outcome()) {
                case Outcome.RateLimited r -> {
                    tally.failed(Fault.RATE_LIMITED);
                    exchange.getResponseHeaders().set("Retry-After", Long.toString(r.retryAfter().toSeconds()));
                    HttpReplies.error(exchange, 429, "Rate limit reached for requests (simulated).", "requests", null,
                            "rate_limit_exceeded");
                }
                case Outcome.ServerError e -> {
                    sleeper.sleep(plan.timing().firstToken());
                    tally.failed(Fault.SERVER_ERROR);
                    HttpReplies.error(exchange, 500, "The server had an error while processing your request "
                            + "(simulated).", "server_error", null, null);
                }
                case Outcome.Hang h -> {
                    tally.failed(Fault.TIMEOUT);
                    hold();
                }
                case Outcome.Cut cut when !request.stream() -> {
                    sleeper.sleep(plan.timing().total(plan.answer().tokensBefore(cut.afterPieces())));
                    tally.failed(Fault.STREAM_CUT);
                    throw new DroppedConnection();
                }
                case Outcome.Reset r -> {
                    tally.failed(Fault.CONNECTION_RESET);
                    throw new DroppedConnection();
                }
                case Outcome.Stall st when !request.stream() -> {
                    tally.failed(Fault.STALL);
                    hold();
                }
                case Outcome.Malformed m when !request.stream() -> {
                    sleeper.sleep(plan.timing().total(plan.usage().completionTokens()));
                    tally.failed(Fault.MALFORMED_CHUNK);
                    byte[] garbage = GARBAGE.getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().set("Content-Type", HttpReplies.JSON);
                    exchange.sendResponseHeaders(200, garbage.length);
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(garbage);
                    }
                }
                case Outcome.Answer a when !request.stream() -> answer(exchange, plan, tally);
                case Outcome.Answer a -> stream(exchange, request, plan, tally);
                case Outcome.Cut c -> stream(exchange, request, plan, tally);
                case Outcome.Stall st -> stream(exchange, request, plan, tally);
                case Outcome.Malformed m -> stream(exchange, request, plan, tally);
            }
        } catch (InterruptedException e) {
            tally.cancelled();
            throw new DroppedConnection();
        }
    }

    /** Holds the connection without a byte until the server closes or {@code maxHang} passes, then drops it. */
    private void hold() throws IOException, InterruptedException {
        closing.await(maxHang.toNanos(), TimeUnit.NANOSECONDS);
        throw new DroppedConnection();
    }

    private void answer(HttpExchange exchange, Plan plan, CallTally tally) throws IOException, InterruptedException {
        engine.sleeper().sleep(plan.timing().total(plan.usage().completionTokens()));
        try {
            HttpReplies.json(exchange, 200, OpenAiJson.toJson(plan.response()));
        } catch (IOException e) {
            tally.cancelled();
            throw e;
        }
        tally.completed();
    }

    private void stream(HttpExchange exchange, ChatRequest request, Plan plan, CallTally tally)
            throws IOException, InterruptedException {
        Playback playback = new Playback(plan, engine.sleeper(), request.includeUsage());
        OutputStream out = null;
        try {
            out = HttpReplies.startEvents(exchange);
            Optional<ChatChunk> chunk;
            while ((chunk = playback.next()).isPresent()) {
                HttpReplies.event(out, OpenAiJson.toJson(chunk.get()));
            }
            HttpReplies.done(out);
            tally.completed();
            exchange.close();
        } catch (Playback.StreamCut e) {
            tally.failed(Fault.STREAM_CUT);
            throw new DroppedConnection();
        } catch (Playback.Stalled e) {
            tally.failed(Fault.STALL);
            hold();
        } catch (Playback.Garbled e) {
            tally.failed(Fault.MALFORMED_CHUNK);
            out.write(("data: " + GARBAGE + "\n\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            // end the body in an orderly way (no [DONE]): a dropped connection could lose the garbage in flight
            exchange.close();
        } catch (IOException e) {
            tally.cancelled();
            exchange.close();
        }
    }
}
