package dev.ladder.providers.simulated;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ladder.model.ChatRequest;
import dev.ladder.model.ModelSpec;
import dev.ladder.model.Price;
import dev.ladder.pipeline.UpstreamCall;
import dev.ladder.providers.simulated.SimulatedModelConfig.Answer;
import dev.ladder.providers.simulated.SimulatedModelConfig.AnswerMode;
import dev.ladder.providers.simulated.SimulatedModelConfig.FailureRates;
import dev.ladder.wire.Json;
import dev.ladder.wire.OpenAiRequests;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/** Requests, configs and engines for the simulator's tests. */
final class Fixtures {

    static final InstantSource CLOCK = InstantSource.fixed(Instant.parse("2026-01-01T00:00:00Z"));
    static final Duration TTFT = Duration.ofMillis(200);
    static final double TOKENS_PER_SECOND = 50;
    static final String CANNED = "The quick brown fox jumps over the lazy dog, twice, and then rests for a while.";

    private Fixtures() {
    }

    static SimulatedModelConfig canned(String text) {
        return new SimulatedModelConfig(TTFT, TOKENS_PER_SECOND, Answer.canned(text), FailureRates.NONE, true);
    }

    static SimulatedModelConfig failing(FailureRates rates) {
        return new SimulatedModelConfig(TTFT, TOKENS_PER_SECOND, Answer.canned(CANNED), rates, true);
    }

    static SimulatedModelConfig replay(Path file, String column, String fallback) {
        return new SimulatedModelConfig(TTFT, TOKENS_PER_SECOND,
                new Answer(AnswerMode.REPLAY, fallback, Optional.of(file), column, "prompt"), FailureRates.NONE, true);
    }

    static SimulatedEngine engine(Map<String, SimulatedModelConfig> models, RecordingSleeper sleeper) {
        return new SimulatedEngine(models, new SplittableRandom(7), sleeper, CLOCK);
    }

    /** A request for {@code model} with one user message; {@code extra} may add body fields. */
    static ChatRequest request(String model, String userText, Consumer<ObjectNode> extra) {
        ObjectNode body = Json.object();
        body.put("model", model);
        ArrayNode messages = body.putArray("messages");
        ObjectNode system = messages.addObject();
        system.put("role", "system");
        system.put("content", "You are terse.");
        ObjectNode user = messages.addObject();
        user.put("role", "user");
        user.put("content", userText);
        extra.accept(body);
        return OpenAiRequests.parse(body);
    }

    static ChatRequest request(String model, String userText) {
        return request(model, userText, b -> { });
    }

    static UpstreamCall call(ChatRequest request, Duration timeout) {
        ModelSpec spec = new ModelSpec("alias-" + request.model(), "sim", request.model(), Price.FREE, 128_000,
                java.util.Set.of());
        return new UpstreamCall(request, spec, "req-1", timeout);
    }

    static UpstreamCall call(ChatRequest request) {
        return call(request, Duration.ofSeconds(60));
    }

    static Path resource(String name) {
        try {
            return Path.of(Fixtures.class.getResource(name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
