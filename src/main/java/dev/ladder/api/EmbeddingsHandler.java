package dev.ladder.api;

import static java.util.Objects.requireNonNull;

import dev.ladder.access.Caller;
import dev.ladder.model.LadderException;
import dev.ladder.pipeline.EmbeddingGateway;
import dev.ladder.pipeline.RequestContext;
import dev.ladder.wire.Json;
import dev.ladder.wire.OpenAiEmbeddingsJson;
import dev.ladder.wire.Tokens;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;

/**
 * {@code POST /v1/embeddings}: parses the OpenAI-shaped body, lets the {@link EmbeddingGateway} answer (cache,
 * deployment, decision log), and writes the list with Ladder's headers: the deployment, whether the cache
 * answered ({@code x-ladder-cache: exact} on a repeat), the cost, and on a hit what it saved.
 */
final class EmbeddingsHandler implements Handler, Guard.CallerHandler {

    private static final System.Logger LOG = System.getLogger(EmbeddingsHandler.class.getName());

    private final EmbeddingGateway gateway;
    private final InstantSource clock;
    private final long maxBodyBytes;
    private final KeyGate gate;

    EmbeddingsHandler(EmbeddingGateway gateway, InstantSource clock, long maxBodyBytes) {
        this(gateway, clock, maxBodyBytes, KeyGate.NONE);
    }

    /** With {@code gate} holding a virtual key to its allowed models and its RPM and TPM limits. */
    EmbeddingsHandler(EmbeddingGateway gateway, InstantSource clock, long maxBodyBytes, KeyGate gate) {
        this.gate = requireNonNull(gate, "gate is null");
        this.gateway = requireNonNull(gateway, "gateway is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res) {
        handle(new Caller.Anonymous(), req, res);
    }

    @Override
    public void handle(Caller caller, ServerRequest req, ServerResponse res) {
        String requestId = RequestIds.next();
        res.header(LadderHeaders.REQUEST_ID, requestId);
        Instant receivedAt = clock.instant();
        try {
            OpenAiEmbeddingsJson.Parsed parsed = OpenAiEmbeddingsJson.parse(
                    ChatCompletionsHandler.readBody(req, maxBodyBytes));
            long tokens = parsed.request().inputs().stream().mapToLong(Tokens::count).sum();
            Optional<RequestContext> context = gate.admit(caller, parsed.request().model(), tokens,
                    Contexts.of(req.headers(), parsed.request().user()), res, FrontDoor.OPENAI_CHAT);
            if (context.isEmpty()) {
                return;
            }
            EmbeddingGateway.Reply reply = gateway.embed(requestId, parsed.request(), context.get(), receivedAt);
            byte[] body = Json.writeBytes(OpenAiEmbeddingsJson.toJson(reply.embeddings(), parsed.request().model(),
                    parsed.base64()));
            res.header(LadderHeaders.MODEL, reply.deployment());
            res.header(LadderHeaders.CACHE, reply.cache().wireName());
            res.header(LadderHeaders.COST, Responses.usd(reply.costUsd()));
            if (reply.cache().isHit()) {
                res.header(LadderHeaders.SAVED_COST, Responses.usd(reply.savedCostUsd()));
            }
            res.header(HeaderNames.CONTENT_TYPE, "application/json");
            res.status(200).send(body);
        } catch (LadderException e) {
            Responses.sendError(res, ErrorMapper.map(e.failure()));
        } catch (UncheckedIOException e) {
            // the client went away while we were reading or writing; nothing left to answer
            LOG.log(Level.DEBUG, "client gone during embeddings request " + requestId);
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "internal error in request " + requestId, e);
            if (!res.isSent()) {
                Responses.sendError(res, ErrorMapper.internal(requestId));
            }
        }
    }
}
