package dev.ladder.providers.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ladder.providers.FakeExchange;
import dev.ladder.providers.FakeText;
import dev.ladder.providers.FakeUpstream;
import dev.ladder.providers.RecordedRequest;
import dev.ladder.wire.Json;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;

/**
 * A fake OpenAI chat-completions upstream ({@code POST /v1/chat/completions}), scripted by model name.
 * {@link #answer} makes a model answer a text (as JSON, or as chunks ending with a usage chunk and
 * {@code [DONE]} when the request streams); {@link #script} takes any {@link FakeUpstream.Script}, built with
 * the wire helpers below. Unknown models get OpenAI's 404 {@code model_not_found}. Answers name the model
 * the request asked for, so tests can see which upstream id was sent.
 */
public final class FakeOpenAiServer extends FakeUpstream {

    /** What a {@link #toolCall} model answers once it has been sent the tool's result. */
    public static final String TOOL_RESULT_ANSWER = "It is 18 degrees in Paris.";

    private FakeOpenAiServer() {
        super("/v1/chat/completions", (request, out) -> out.json(404, error("invalid_request_error", "model_not_found",
                "The model `" + request.model() + "` does not exist or you do not have access to it.")));
    }

    public static FakeOpenAiServer start() {
        return new FakeOpenAiServer();
    }

    /** The base URL a provider is configured with: {@code http://127.0.0.1:<port>/v1}. */
    public URI baseUrl() {
        return URI.create(origin() + "/v1");
    }

    /** {@code model} answers {@code text}, reporting the given usage, streamed word by word when asked to stream. */
    public FakeOpenAiServer answer(String model, String text, int promptTokens, int completionTokens) {
        script(model, (request, out) -> answerText(request, out, "chatcmpl-" + model, text, promptTokens,
                completionTokens));
        return this;
    }

    /** Answers {@code text} as OpenAI does, whole or streamed; also used by fakes of hosts that speak OpenAI's wire. */
    public static void answerText(RecordedRequest request, FakeExchange out, String id, String text,
            int promptTokens, int completionTokens) throws IOException, InterruptedException {
        if (!request.streams()) {
            out.json(200, completion(id, request.model(), text, promptTokens, completionTokens));
            return;
        }
        out.startEvents();
        out.data(chunk(id, request.model(), "assistant", "", null));
        for (String piece : FakeText.pieces(text)) {
            out.data(chunk(id, request.model(), null, piece, null));
        }
        out.data(chunk(id, request.model(), null, null, "stop"));
        if (request.json().path("stream_options").path("include_usage").asBoolean()) {
            out.data(usageChunk(id, request.model(), promptTokens, completionTokens));
        }
        out.data("[DONE]");
    }

    /** {@code model} streams {@code pieces} words "slow ", one per {@code pause}: a call that a race loses. */
    public FakeOpenAiServer slowStream(String model, int pieces, Duration pause) {
        script(model, (req, out) -> {
            out.startEvents();
            out.data(chunk("c1", model, "assistant", "", null));
            for (int i = 0; i < pieces; i++) {
                out.pause(pause);
                out.data(chunk("c1", model, null, "slow ", null));
            }
            out.data(chunk("c1", model, null, null, "stop"));
            out.data("[DONE]");
        });
        return this;
    }

    /**
     * {@code model} answers with one call of the function {@code name} with {@code arguments} (finish reason
     * {@code tool_calls}); streamed as OpenAI streams it: the call's id, type and name first, then the arguments
     * in pieces, each delta carrying the call's {@code index}. Once the conversation holds the tool's result (a
     * {@code tool} message), the model answers {@link #TOOL_RESULT_ANSWER} instead, so a client's tool loop ends.
     */
    public FakeOpenAiServer toolCall(String model, String callId, String name, String arguments, int promptTokens,
            int completionTokens) {
        script(model, toolCallScript(model, callId, name, arguments, promptTokens, completionTokens));
        return this;
    }

    /** The script of {@link #toolCall}, for fakes of hosts that speak OpenAI's wire. */
    public static FakeUpstream.Script toolCallScript(String model, String callId, String name, String arguments,
            int promptTokens, int completionTokens) {
        return (request, out) -> {
            String id = "chatcmpl-" + model;
            if (holdsToolResult(request)) {
                answerText(request, out, id, TOOL_RESULT_ANSWER, promptTokens, completionTokens);
                return;
            }
            if (!request.streams()) {
                ObjectNode root = Json.object();
                root.put("id", id).put("object", "chat.completion").put("created", 1_700_000_000L)
                        .put("model", request.model());
                ObjectNode choice = root.putArray("choices").addObject();
                choice.put("index", 0);
                ObjectNode message = choice.putObject("message");
                message.put("role", "assistant");
                message.putNull("content");
                ObjectNode call = message.putArray("tool_calls").addObject();
                call.put("id", callId).put("type", "function");
                call.putObject("function").put("name", name).put("arguments", arguments);
                choice.putNull("logprobs");
                choice.put("finish_reason", "tool_calls");
                root.set("usage", usage(promptTokens, completionTokens));
                out.json(200, Json.write(root));
                return;
            }
            out.startEvents();
            out.data(chunk(id, request.model(), "assistant", null, null));
            ObjectNode head = Json.object();
            head.put("index", 0).put("id", callId).put("type", "function");
            head.putObject("function").put("name", name).put("arguments", "");
            out.data(toolChunk(id, request.model(), head));
            int half = arguments.length() / 2;
            for (String piece : new String[] {arguments.substring(0, half), arguments.substring(half)}) {
                ObjectNode delta = Json.object();
                delta.put("index", 0);
                delta.putObject("function").put("arguments", piece);
                out.data(toolChunk(id, request.model(), delta));
            }
            out.data(chunk(id, request.model(), null, null, "tool_calls"));
            if (request.json().path("stream_options").path("include_usage").asBoolean()) {
                out.data(usageChunk(id, request.model(), promptTokens, completionTokens));
            }
            out.data("[DONE]");
        };
    }

    private static boolean holdsToolResult(RecordedRequest request) {
        for (JsonNode message : request.json().path("messages")) {
            if ("tool".equals(message.path("role").asText())) {
                return true;
            }
        }
        return false;
    }

    // ---- wire helpers ----

    /** A chunk whose one choice's delta carries {@code toolCall} in {@code tool_calls}. */
    public static String toolChunk(String id, String model, ObjectNode toolCall) {
        ObjectNode root = chunkRoot(id, model);
        ObjectNode choice = ((ArrayNode) root.get("choices")).addObject();
        choice.put("index", 0);
        choice.putObject("delta").putArray("tool_calls").add(toolCall);
        choice.putNull("finish_reason");
        return Json.write(root);
    }

    public static String completion(String id, String model, String text, int promptTokens, int completionTokens) {
        ObjectNode root = Json.object();
        root.put("id", id);
        root.put("object", "chat.completion");
        root.put("created", 1_700_000_000L);
        root.put("model", model);
        ObjectNode choice = root.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode message = choice.putObject("message");
        message.put("role", "assistant");
        message.put("content", text);
        choice.putNull("logprobs");
        choice.put("finish_reason", "stop");
        root.set("usage", usage(promptTokens, completionTokens));
        return Json.write(root);
    }

    /** One chunk with one choice; null fields are left out of the delta. */
    public static String chunk(String id, String model, String role, String content, String finishReason) {
        ObjectNode root = chunkRoot(id, model);
        ObjectNode choice = ((ArrayNode) root.get("choices")).addObject();
        choice.put("index", 0);
        ObjectNode delta = choice.putObject("delta");
        if (role != null) {
            delta.put("role", role);
        }
        if (content != null) {
            delta.put("content", content);
        }
        choice.put("finish_reason", finishReason);
        return Json.write(root);
    }

    /** The final chunk of {@code include_usage}: no choices, the usage. */
    public static String usageChunk(String id, String model, int promptTokens, int completionTokens) {
        ObjectNode root = chunkRoot(id, model);
        root.set("usage", usage(promptTokens, completionTokens));
        return Json.write(root);
    }

    /** OpenAI's error envelope; {@code code} may be null. */
    public static String error(String type, String code, String message) {
        ObjectNode root = Json.object();
        ObjectNode e = root.putObject("error");
        e.put("message", message);
        e.put("type", type);
        e.putNull("param");
        e.put("code", code);
        return Json.write(root);
    }

    private static ObjectNode chunkRoot(String id, String model) {
        ObjectNode root = Json.object();
        root.put("id", id);
        root.put("object", "chat.completion.chunk");
        root.put("created", 1_700_000_000L);
        root.put("model", model);
        root.putArray("choices");
        return root;
    }

    private static ObjectNode usage(int promptTokens, int completionTokens) {
        ObjectNode u = Json.object();
        u.put("prompt_tokens", promptTokens);
        u.put("completion_tokens", completionTokens);
        u.put("total_tokens", promptTokens + completionTokens);
        return u;
    }
}
