package dev.ladder.testing;

import dev.ladder.model.Attempt;
import dev.ladder.model.ChatRequest;
import dev.ladder.model.Failure;
import dev.ladder.model.Tier;
import dev.ladder.model.Usage;
import dev.ladder.wire.OpenAiRequests;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Test helper: attempts as values, for tests of what reads them (error messages, metrics, the log). */
public final class AttemptFixtures {

    /** The request every fixture attempt was sent with. */
    public static final ChatRequest SENT = OpenAiRequests.parse(
            "{\"model\":\"m\",\"max_tokens\":64,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));

    private AttemptFixtures() {
    }

    /** Attempt 1 of a request, an answer that ended as {@code failure} says (answered when empty). */
    public static Attempt attempt(String model, String provider, Tier tier, Instant startedAt, Duration latency,
            Optional<Failure> failure) {
        return attempt(1, model, provider, tier, startedAt, latency, failure);
    }

    public static Attempt attempt(int seq, String model, String provider, Tier tier, Instant startedAt,
            Duration latency, Optional<Failure> failure) {
        return new Attempt(seq, Attempt.Purpose.ANSWER, model, provider, Optional.ofNullable(tier), startedAt, latency,
                SENT, Usage.ZERO, 0, failure.<Attempt.Outcome>map(Attempt.Outcome.Failed::new)
                        .orElse(Attempt.Outcome.ANSWERED), Optional.empty());
    }

    public static Attempt failed(Failure f) {
        return attempt("m", "p", null, Instant.EPOCH, Duration.ofMillis(5), Optional.of(f));
    }
}
