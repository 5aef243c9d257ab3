package dev.ladder.providers;

import dev.ladder.model.ChatRequest;
import dev.ladder.model.Failure;
import dev.ladder.model.LadderException;
import dev.ladder.model.ModelSpec;
import dev.ladder.model.Price;
import dev.ladder.pipeline.UpstreamCall;
import dev.ladder.wire.OpenAiRequests;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.assertj.core.api.Assertions;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Builds provider configs and upstream calls for adapter tests. */
public final class TestCalls {

    public static final String API_KEY = "sk-test-SECRET-0123456789";

    private TestCalls() {
    }

    public static ProviderConfig config(String name, ProviderKind kind, URI baseUrl, Duration idleTimeout,
            Map<String, String> headers) {
        return new ProviderConfig(name, kind, Optional.of(baseUrl), Optional.of(new Secret(API_KEY)),
                Duration.ofSeconds(2), Duration.ofSeconds(10), idleTimeout, headers, Map.of());
    }

    public static ProviderConfig config(String name, ProviderKind kind, URI baseUrl) {
        return config(name, kind, baseUrl, Duration.ofSeconds(5), Map.of());
    }

    /** A call of the OpenAI-shaped {@code body} to deployment {@code upstreamModel}. */
    public static UpstreamCall call(String body, String provider, String upstreamModel, Duration timeout) {
        ChatRequest request = OpenAiRequests.parse(body.getBytes(StandardCharsets.UTF_8));
        ModelSpec spec = new ModelSpec("alias-" + upstreamModel, provider, upstreamModel, Price.FREE, 128_000, Set.of());
        return new UpstreamCall(request, spec, "req-42", timeout);
    }

    /** "Say hello" to {@code upstreamModel}, optionally streamed, with a 5 s timeout. */
    public static UpstreamCall hello(String provider, String upstreamModel, boolean stream) {
        return hello(provider, upstreamModel, stream, Duration.ofSeconds(5));
    }

    public static UpstreamCall hello(String provider, String upstreamModel, boolean stream, Duration timeout) {
        return call("{\"model\":\"ladder\",\"stream\":" + stream
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"Say hello\"}]}", provider, upstreamModel,
                timeout);
    }

    /** The failure {@code call} throws; fails the test when it throws nothing, or shows the API key. */
    public static Failure failureOf(ThrowingCallable call) {
        LadderException e = Assertions.catchThrowableOfType(LadderException.class, call);
        Assertions.assertThat(e).as("a LadderException").isNotNull();
        Assertions.assertThat(e.getMessage()).doesNotContain(API_KEY);
        Assertions.assertThat(e.failure().message()).doesNotContain(API_KEY);
        return e.failure();
    }
}
