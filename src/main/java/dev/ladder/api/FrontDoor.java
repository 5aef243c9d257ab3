package dev.ladder.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ladder.model.ChatRequest;
import dev.ladder.model.ChatResponse;
import dev.ladder.pipeline.Exchange;
import dev.ladder.wire.EventEncoder;
import dev.ladder.wire.OpenAiChatEvents;
import dev.ladder.wire.OpenAiJson;
import dev.ladder.wire.OpenAiRequests;
import dev.ladder.wire.anthropic.AnthropicEvents;
import dev.ladder.wire.anthropic.AnthropicReplies;
import dev.ladder.wire.anthropic.AnthropicRequests;
import dev.ladder.wire.responses.ResponsesEvents;
import dev.ladder.wire.responses.ResponsesReplies;
import dev.ladder.wire.responses.ResponsesRequests;

/**
 * One public wire format a client may speak to the gateway. Every door leads into the same chain: it only
 * translates the body into the internal {@link ChatRequest}, and the reply (complete, streamed, or an error)
 * back into its own shape. The translations live in {@code dev.ladder.wire}, one folder per format; this is the
 * HTTP-side table of them.
 */
interface FrontDoor {

    ChatRequest parse(byte[] body);

    ObjectNode complete(ChatResponse response, Exchange exchange);

    EventEncoder encoder(Exchange exchange);

    /** The error in this format's envelope (status and Retry-After unchanged). */
    HttpError error(HttpError openAiShaped);

    /** {@code POST /v1/chat/completions}. */
    FrontDoor OPENAI_CHAT = new FrontDoor() {
        @Override
        public ChatRequest parse(byte[] body) {
            return OpenAiRequests.parse(body);
        }

        @Override
        public ObjectNode complete(ChatResponse response, Exchange exchange) {
            return OpenAiJson.toJson(response);
        }

        @Override
        public EventEncoder encoder(Exchange exchange) {
            return new OpenAiChatEvents(exchange.request().includeUsage(), "chatcmpl-" + exchange.requestId(),
                    exchange.receivedAt().getEpochSecond());
        }

        @Override
        public HttpError error(HttpError openAiShaped) {
            return openAiShaped;
        }
    };

    /** {@code POST /v1/messages}: Anthropic's Messages API. */
    FrontDoor ANTHROPIC_MESSAGES = new FrontDoor() {
        @Override
        public ChatRequest parse(byte[] body) {
            return AnthropicRequests.parse(body);
        }

        @Override
        public ObjectNode complete(ChatResponse response, Exchange exchange) {
            return AnthropicReplies.message(response);
        }

        @Override
        public EventEncoder encoder(Exchange exchange) {
            return new AnthropicEvents("msg_" + exchange.requestId());
        }

        @Override
        public HttpError error(HttpError openAiShaped) {
            return ErrorMapper.anthropic(openAiShaped);
        }
    };

    /** {@code POST /v1/responses}: OpenAI's Responses API, stateless. */
    FrontDoor OPENAI_RESPONSES = new FrontDoor() {
        @Override
        public ChatRequest parse(byte[] body) {
            return ResponsesRequests.parse(body);
        }

        @Override
        public ObjectNode complete(ChatResponse response, Exchange exchange) {
            return ResponsesReplies.response(response, exchange.request(), "resp_" + exchange.requestId(),
                    exchange.receivedAt().getEpochSecond());
        }

        @Override
        public EventEncoder encoder(Exchange exchange) {
            return new ResponsesEvents(exchange.request(), "resp_" + exchange.requestId(),
                    exchange.receivedAt().getEpochSecond());
        }

        @Override
        public HttpError error(HttpError openAiShaped) {
            return openAiShaped;
        }
    };
}
