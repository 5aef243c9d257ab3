package dev.ladder.route;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ladder.model.ChatRequest;

/** Pure: a tier's default {@code max_tokens} and {@code temperature}, applied only where the client set none. */
final class TierDefaults {

    private TierDefaults() {
    }

    static ChatRequest apply(ChatRequest request, TierSettings settings) {
        boolean needsMax = settings.maxTokens().isPresent() && request.maxTokens().isEmpty();
        boolean needsTemp = settings.temperature().isPresent() && !request.body().has("temperature");
        if (!needsMax && !needsTemp) {
            return request;
        }
        ObjectNode body = request.bodyCopy();
        if (needsMax) {
            body.put("max_tokens", settings.maxTokens().getAsInt());
        }
        if (needsTemp) {
            body.put("temperature", settings.temperature().getAsDouble());
        }
        return request.withBody(body);
    }
}
