package dev.ladder.strategy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ladder.model.ChatRequest;
import dev.ladder.wire.OpenAiRequests;

/** Pure request rewrites used by the strategies. */
final class Augment {

    private Augment() {
    }

    /**
     * The original request followed by the rejected answer and what was wrong with it, so the next tier
     * knows what to avoid: "Your previous answer was not accepted: ...".
     */
    static ChatRequest withFeedback(ChatRequest original, String rejectedAnswer, String feedback) {
        ObjectNode body = original.bodyCopy();
        ArrayNode messages = (ArrayNode) body.get("messages");
        messages.addObject().put("role", "assistant").put("content", rejectedAnswer);
        messages.addObject().put("role", "user").put("content", "Your previous answer was not accepted: " + feedback
                + "\nAnswer my original request again, fixing that. Reply with the corrected answer only.");
        return OpenAiRequests.parse(body);
    }

    /** The request as a non-streamed one (strategies hold the whole answer back to validate it first). */
    static ChatRequest whole(ChatRequest r, boolean askLogprobs) {
        ObjectNode body = r.bodyCopy();
        body.remove("stream");
        body.remove("stream_options");
        if (askLogprobs && !r.wantsLogprobs()) {
            body.put("logprobs", true);
        }
        return OpenAiRequests.parse(body);
    }

    /** The request as a streamed one with usage, so a race's loser can be cancelled mid-answer and billed. */
    static ChatRequest streamed(ChatRequest r) {
        ObjectNode body = r.bodyCopy();
        body.put("stream", true);
        body.putObject("stream_options").put("include_usage", true);
        return OpenAiRequests.parse(body);
    }
}
