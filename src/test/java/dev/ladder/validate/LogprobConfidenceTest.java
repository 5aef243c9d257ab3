package dev.ladder.validate;

import static dev.ladder.validate.Exchanges.answer;
import static dev.ladder.validate.Exchanges.ask;
import static dev.ladder.validate.Exchanges.json;
import static dev.ladder.validate.Exchanges.response;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.ladder.model.ChatRequest;
import dev.ladder.model.ChatResponse;
import dev.ladder.model.ModelSpec;
import dev.ladder.model.Price;
import dev.ladder.pipeline.UpstreamCall;
import dev.ladder.providers.simulated.SimulatedEngine;
import dev.ladder.providers.simulated.SimulatedModelConfig;
import dev.ladder.providers.simulated.SimulatedModelConfig.Answer;
import dev.ladder.providers.simulated.SimulatedModelConfig.FailureRates;
import dev.ladder.providers.simulated.SimulatedProvider;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LogprobConfidenceTest {

    private static final LogprobConfidence VALIDATOR = new LogprobConfidence(LogprobConfidence.DEFAULT_MIN_CONFIDENCE);
    private static final ChatRequest WITH_LOGPROBS = ask("What is the capital of Australia?", "{\"logprobs\": true}");

    @Test
    void aConfidentSimulatedAnswerPasses() {
        ChatResponse confident = simulated("The capital of Australia is Canberra, chosen as a compromise between "
                + "Sydney and Melbourne and purpose-built from 1913 onwards.");

        Verdict v = VALIDATOR.validate(WITH_LOGPROBS, confident);

        assertThat(v).isInstanceOfSatisfying(Verdict.Pass.class, p -> assertThat(p.score()).isGreaterThan(0.85));
    }

    @Test
    void aHedgedSimulatedAnswerFailsWithLowConfidence() {
        ChatResponse hedged = simulated("I'm not sure, but I think it might be Sydney, or possibly Melbourne; it is "
                + "hard to say without checking.");

        Verdict v = VALIDATOR.validate(WITH_LOGPROBS, hedged);

        assertThat(v).isInstanceOfSatisfying(Verdict.Fail.class, f -> {
            assertThat(f.reason()).isEqualTo(Reason.LOW_CONFIDENCE);
            assertThat(f.score()).isLessThan(0.6);
            assertThat(f.message()).contains("uncertain").contains("mean token probability");
        });
    }

    @Test
    void confidenceIsTheExponentOfTheMeanLogprob() {
        ChatResponse r = response(new ChatResponse.Choice(0, "Canberra", null, null, "stop", json("""
                {"content": [{"token": "Can", "logprob": -0.1}, {"token": "berra", "logprob": -0.3}], "refusal": null}""")));

        Verdict v = VALIDATOR.validate(WITH_LOGPROBS, r);

        assertThat(((Verdict.Pass) v).score()).isCloseTo(Math.exp(-0.2), within(1e-12));
    }

    @Test
    void withoutLogprobsTheVerdictIsNotApplicableRatherThanAPass() {
        assertThat(VALIDATOR.validate(ask("q"), answer("Canberra")))
                .isEqualTo(new Verdict.NotApplicable("the request did not ask for logprobs"));
        assertThat(VALIDATOR.validate(WITH_LOGPROBS, answer("Canberra")))
                .isEqualTo(new Verdict.NotApplicable("the provider returned no token logprobs"));
        ChatResponse emptyContent = response(new ChatResponse.Choice(0, "", null, null, "stop",
                json("{\"content\": [], \"refusal\": null}")));
        assertThat(VALIDATOR.validate(WITH_LOGPROBS, emptyContent)).isInstanceOf(Verdict.NotApplicable.class);
    }

    @Test
    void theThresholdMustBeAProbability() {
        assertThatThrownBy(() -> new LogprobConfidence(1.0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LogprobConfidence(0)).isInstanceOf(IllegalArgumentException.class);
    }

    /** The simulated provider's answer to a logprobs request, with its synthetic token logprobs. */
    private static ChatResponse simulated(String text) {
        SimulatedModelConfig config = new SimulatedModelConfig(Duration.ZERO, 1e6, Answer.canned(text),
                FailureRates.NONE, true);
        try (SimulatedProvider provider = new SimulatedProvider("sim",
                SimulatedEngine.realTime(Map.of("sim-small", config), new SplittableRandom(7)))) {
            ModelSpec model = new ModelSpec("cheap", "sim", "sim-small", new Price(0.1, 0.4), 32_000, Set.of());
            return provider.complete(new UpstreamCall(WITH_LOGPROBS, model, "req-1", Duration.ofSeconds(5)));
        }
    }
}
