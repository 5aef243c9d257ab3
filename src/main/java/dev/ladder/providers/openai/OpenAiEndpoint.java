package dev.ladder.providers.openai;

import dev.ladder.providers.Secret;
import java.util.Map;

/**
 * Where an OpenAI-shaped chat-completions (or embeddings) call goes and how it authenticates: the only two things that differ
 * between OpenAI (and the compatible servers) and hosts that speak the same wire under another URL scheme,
 * such as Azure OpenAI's per-deployment URLs. Bodies, answers, streams and errors are the same, so they stay
 * in {@link OpenAiProvider}, once.
 */
public interface OpenAiEndpoint {

    /** OpenAI's own scheme: {@code {base}/chat/completions} with {@code Authorization: Bearer <key>}. */
    OpenAiEndpoint STANDARD = new OpenAiEndpoint() {
        @Override
        public String path(String upstreamModel) {
            return "/chat/completions";
        }

        @Override
        public String embeddingsPath(String upstreamModel) {
            return "/embeddings";
        }

        @Override
        public Map<String, String> authHeaders(Secret apiKey) {
            return Map.of("Authorization", "Bearer " + apiKey.reveal());
        }
    };

    /** The path (and query, if any) under the base URL for a call to {@code upstreamModel}. */
    String path(String upstreamModel);

    /** The path (and query, if any) under the base URL for an embeddings call to {@code upstreamModel}. */
    String embeddingsPath(String upstreamModel);

    /** The headers that carry a (non-empty) API key. */
    Map<String, String> authHeaders(Secret apiKey);
}
