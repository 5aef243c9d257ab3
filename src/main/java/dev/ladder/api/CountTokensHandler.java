package dev.ladder.api;

import dev.ladder.model.LadderException;
import dev.ladder.wire.Json;
import dev.ladder.wire.anthropic.AnthropicReplies;
import dev.ladder.wire.anthropic.AnthropicRequests;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.UncheckedIOException;

/**
 * {@code POST /v1/messages/count_tokens}: the prompt's tokens as {@code {"input_tokens": n}}, counted locally with
 * the gateway's tokenizer (o200k_base), so for Claude models an estimate; no model is called and nothing is logged.
 * Errors are Anthropic-shaped.
 */
final class CountTokensHandler implements Handler {

    private final long maxBodyBytes;

    CountTokensHandler(long maxBodyBytes) {
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res) {
        try {
            int tokens = AnthropicRequests.countTokens(ChatCompletionsHandler.readBody(req, maxBodyBytes));
            res.header(HeaderNames.CONTENT_TYPE, "application/json");
            res.status(200).send(Json.writeBytes(AnthropicReplies.tokenCount(tokens)));
        } catch (LadderException e) {
            Responses.sendError(res, ErrorMapper.anthropic(ErrorMapper.map(e.failure())));
        } catch (UncheckedIOException e) {
            // the client went away
        }
    }
}
