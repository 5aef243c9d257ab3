package dev.ladder.pipeline;

import static java.util.Objects.requireNonNull;

import dev.ladder.model.ChatRequest;
import dev.ladder.model.ModelSpec;
import java.time.Duration;

/** One call to one deployment: the request, the deployment, the request id (for upstream tracing) and a timeout. */
public record UpstreamCall(ChatRequest request, ModelSpec model, String requestId, Duration timeout) {

    public UpstreamCall {
        requireNonNull(request, "request is null");
        requireNonNull(model, "model is null");
        requireNonNull(requestId, "requestId is null");
        requireNonNull(timeout, "timeout is null");
    }
}
