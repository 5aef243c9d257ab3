package dev.ladder.providers.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ladder.providers.FakeExchange;
import dev.ladder.providers.FakeText;
import dev.ladder.providers.FakeUpstream;
import dev.ladder.providers.RecordedRequest;
import dev.ladder.wire.Json;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fake Gemini API ({@code POST /v1beta/models/{model}:generateContent} and
 * {@code :streamGenerateContent?alt=sse}), scripted by the model in the URL. As Google does, it answers a
 * wrong {@code x-goog-api-key} with 400 INVALID_ARGUMENT / API_KEY_INVALID and an unknown model with 404
 * NOT_FOUND, and streams whole {@code GenerateContentResponse}s separated by CRLF blank lines, with no end
 * event: the last one carries the finish reason and the full usage.
 */
public final class FakeGeminiServer extends FakeUpstream {

    /** What a {@link #functionCall} model answers once it has been sent the function's response. */
    public static final String FUNCTION_RESULT_ANSWER = "It is 18 degrees in Paris.";

    private static final Pattern CALL = Pattern.compile("/v1beta/models/([^/:]+):(generateContent|streamGenerateContent)");

    private final String apiKey;

    private FakeGeminiServer(String apiKey) {
        super("/v1beta/models/", (request, out) -> {
            if (!request.header("x-goog-api-key").orElse("").equals(apiKey)) {
                out.json(400, "{\"error\":{\"code\":400,\"message\":\"API key not valid. Please pass a valid API key.\","
                        + "\"status\":\"INVALID_ARGUMENT\",\"details\":[{\"@type\":\"type.googleapis.com/google.rpc.ErrorInfo\","
                        + "\"reason\":\"API_KEY_INVALID\",\"domain\":\"googleapis.com\"}]}}");
                return;
            }
            out.json(404, error(404, "NOT_FOUND", "models/" + model(request) + " is not found for API version v1beta, or "
                    + "is not supported for generateContent."));
        });
        this.apiKey = apiKey;
    }

    public static FakeGeminiServer start(String apiKey) {
        return new FakeGeminiServer(apiKey);
    }

    /** {@code http://127.0.0.1:<port>/v1beta}. */
    public URI baseUrl() {
        return URI.create(origin() + "/v1beta");
    }

    /** True when the request asked for a stream ({@code :streamGenerateContent?alt=sse}). */
    public static boolean streams(RecordedRequest request) {
        return request.path().endsWith(":streamGenerateContent") && request.query().contains("alt=sse");
    }

    /** {@code model} answers {@code text} with the given usage; streamed word by word when asked to. */
    public FakeGeminiServer answer(String model, String text, int promptTokens, int outputTokens) {
        script(model, (request, out) -> answerText(request, out, model, text, promptTokens, outputTokens));
        return this;
    }

    /**
     * {@code model} calls function {@code name} with {@code args} (a JSON object); once the contents hold a
     * {@code functionResponse}, it answers {@link #FUNCTION_RESULT_ANSWER} instead.
     */
    public FakeGeminiServer functionCall(String model, String name, String args, int promptTokens, int outputTokens) {
        script(model, (request, out) -> {
            if (holdsFunctionResponse(request)) {
                answerText(request, out, model, FUNCTION_RESULT_ANSWER, promptTokens, outputTokens);
                return;
            }
            ObjectNode part = Json.object();
            ObjectNode call = part.putObject("functionCall");
            call.put("name", name);
            call.set("args", Json.read(args));
            String response = response(model, List.of(part), "STOP", promptTokens, outputTokens);
            if (streams(request)) {
                out.startEvents();
                out.raw("data: " + response + "\r\n\r\n");
            } else {
                out.json(200, response);
            }
        });
        return this;
    }

    private static void answerText(RecordedRequest request, FakeExchange out, String model, String text,
            int promptTokens, int outputTokens) throws IOException, InterruptedException {
        if (!streams(request)) {
            out.json(200, response(model, List.of(textPart(text)), "STOP", promptTokens, outputTokens));
            return;
        }
        out.startEvents();
        List<String> pieces = FakeText.pieces(text);
        for (int i = 0; i < pieces.size(); i++) {
            boolean last = i == pieces.size() - 1;
            out.raw("data: " + response(model, List.of(textPart(pieces.get(i))), last ? "STOP" : null, promptTokens,
                    last ? outputTokens : i + 1) + "\r\n\r\n");
        }
    }

    private static boolean holdsFunctionResponse(RecordedRequest request) {
        for (JsonNode content : request.json().path("contents")) {
            for (JsonNode part : content.path("parts")) {
                if (part.has("functionResponse")) {
                    return true;
                }
            }
        }
        return false;
    }

    // ---- wire helpers ----

    public static ObjectNode textPart(String text) {
        ObjectNode p = Json.object();
        p.put("text", text);
        return p;
    }

    /** A {@code GenerateContentResponse} with one candidate; {@code finishReason} may be null (mid-stream). */
    public static String response(String model, List<ObjectNode> parts, String finishReason, int promptTokens,
            int outputTokens) {
        ObjectNode root = Json.object();
        ObjectNode candidate = root.putArray("candidates").addObject();
        ObjectNode content = candidate.putObject("content");
        content.put("role", "model");
        parts.forEach(content.putArray("parts")::add);
        if (finishReason != null) {
            candidate.put("finishReason", finishReason);
        }
        candidate.put("index", 0);
        ObjectNode usage = root.putObject("usageMetadata");
        usage.put("promptTokenCount", promptTokens).put("candidatesTokenCount", outputTokens)
                .put("totalTokenCount", promptTokens + outputTokens);
        root.put("modelVersion", model + "-001");
        root.put("responseId", "resp-" + model);
        return Json.write(root);
    }

    /** Google's error envelope. */
    public static String error(int code, String status, String message) {
        ObjectNode root = Json.object();
        root.putObject("error").put("code", code).put("message", message).put("status", status);
        return Json.write(root);
    }

    private static String model(RecordedRequest request) {
        Matcher m = CALL.matcher(request.path());
        return m.matches() ? m.group(1) : "";
    }

    /** The model in the URL, when the key is right; else the fallback answers the error. */
    @Override
    protected String scriptKey(RecordedRequest request) {
        return request.header("x-goog-api-key").orElse("").equals(apiKey) ? model(request) : "";
    }
}
