package dev.ladder.providers.azure;

import dev.ladder.providers.FakeText;
import dev.ladder.providers.FakeUpstream;
import dev.ladder.providers.RecordedRequest;
import dev.ladder.providers.openai.FakeEmbeddings;
import dev.ladder.providers.openai.FakeOpenAiServer;
import java.net.URI;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fake Azure OpenAI resource: {@code POST /openai/deployments/{deployment}/chat/completions?api-version=...}
 * (and {@code .../embeddings})
 * with an {@code api-key} header, scripted by deployment name (the body's {@code model} is ignored, as Azure
 * ignores it). As Azure does, it answers 401 for a missing or wrong key, 404 "Resource not found" without an
 * {@code api-version}, 404 {@code DeploymentNotFound} for an unknown deployment, and opens every stream with
 * a chunk that has no choices, only {@code prompt_filter_results}.
 */
public final class FakeAzureServer extends FakeUpstream {

    private static final Pattern DEPLOYMENT = Pattern.compile("/openai/deployments/([^/]+)/(chat/completions|embeddings)");
    private static final String REJECTED = "";

    private final String apiKey;

    private FakeAzureServer(String apiKey) {
        super("/openai/", (request, out) -> {
            if (!request.header("api-key").orElse("").equals(apiKey)) {
                out.json(401, "{\"error\":{\"code\":\"401\",\"message\":\"Access denied due to invalid subscription key "
                        + "or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a "
                        + "correct regional API endpoint for your resource.\"}}");
            } else if (!request.query().contains("api-version=")) {
                out.json(404, "{\"error\":{\"code\":\"404\",\"message\": \"Resource not found\"}}");
            } else {
                out.json(404, "{\"error\":{\"code\":\"DeploymentNotFound\",\"message\":\"The API deployment for this "
                        + "resource does not exist. If you created the deployment within the last 5 minutes, please wait "
                        + "a moment and try again.\"}}");
            }
        });
        this.apiKey = apiKey;
    }

    public static FakeAzureServer start(String apiKey) {
        return new FakeAzureServer(apiKey);
    }

    /** The resource URL as the portal shows it, with the given {@code ?api-version=}. */
    public URI baseUrl(String apiVersion) {
        return URI.create(origin() + "?api-version=" + apiVersion);
    }

    /** {@code deployment} answers {@code text}, whole or streamed after Azure's prompt-filter chunk. */
    public FakeAzureServer answer(String deployment, String text, int promptTokens, int completionTokens) {
        script(deployment, (request, out) -> {
            String id = "chatcmpl-azure-" + deployment;
            if (!request.streams()) {
                out.json(200, FakeOpenAiServer.completion(id, "gpt-4o-2024-11-20", text, promptTokens, completionTokens));
                return;
            }
            out.startEvents();
            out.data("{\"choices\":[],\"created\":0,\"id\":\"\",\"model\":\"\",\"object\":\"\",\"prompt_filter_results\":"
                    + "[{\"prompt_index\":0,\"content_filter_results\":{\"hate\":{\"filtered\":false,\"severity\":\"safe\"}}}]}");
            out.data(FakeOpenAiServer.chunk(id, "gpt-4o-2024-11-20", "assistant", "", null));
            for (String piece : FakeText.pieces(text)) {
                out.data(FakeOpenAiServer.chunk(id, "gpt-4o-2024-11-20", null, piece, null));
            }
            out.data(FakeOpenAiServer.chunk(id, "gpt-4o-2024-11-20", null, null, "stop"));
            if (request.json().path("stream_options").path("include_usage").asBoolean()) {
                out.data(FakeOpenAiServer.usageChunk(id, "gpt-4o-2024-11-20", promptTokens, completionTokens));
            }
            out.data("[DONE]");
        });
        return this;
    }

    /** {@code deployment} calls {@code name} with {@code arguments}, as {@link FakeOpenAiServer#toolCall} does. */
    public FakeAzureServer toolCall(String deployment, String callId, String name, String arguments, int promptTokens,
            int completionTokens) {
        script(deployment, FakeOpenAiServer.toolCallScript(deployment, callId, name, arguments, promptTokens,
                completionTokens));
        return this;
    }

    /** {@code deployment} is an embeddings deployment answering vectors as {@link FakeEmbeddings} does. */
    public FakeAzureServer embeddings(String deployment, int dimensions) {
        script(deployment, FakeEmbeddings.script(dimensions));
        return this;
    }

    /** The deployment in the URL, when the key and api-version are right; else the fallback answers the error. */
    @Override
    protected String scriptKey(RecordedRequest request) {
        Matcher m = DEPLOYMENT.matcher(request.path());
        boolean authorized = request.header("api-key").orElse("").equals(apiKey) && request.query().contains("api-version=");
        return authorized && m.matches() ? m.group(1) : REJECTED;
    }
}
