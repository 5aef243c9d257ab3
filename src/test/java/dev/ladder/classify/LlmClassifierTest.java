package dev.ladder.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ladder.model.Attempt;
import dev.ladder.model.ChatRequest;
import dev.ladder.model.ChatResponse;
import dev.ladder.model.Classification;
import dev.ladder.model.Failure;
import dev.ladder.model.LadderException;
import dev.ladder.model.ModelSpec;
import dev.ladder.model.Price;
import dev.ladder.model.Tier;
import dev.ladder.pipeline.Exchanges;
import dev.ladder.pipeline.ModelCalls;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class LlmClassifierTest {

    static final ModelSpec CHEAP = new ModelSpec("cheap", "p", "cheap-up", new Price(0.1, 0.1), 8000, Set.of());

    /** What the classifier asked through its model calls. */
    record Asked(Attempt.Purpose purpose, ModelSpec model, ChatRequest request, Duration timeout) {
    }

    static ModelCalls answering(String text, AtomicReference<Asked> seen) {
        return (purpose, model, request, timeout) -> {
            seen.set(new Asked(purpose, model, request, timeout));
            return new ChatResponse("id", 0, "m", List.of(new ChatResponse.Choice(0, text, null, null, "stop", null)),
                    Optional.empty(), Optional.empty());
        };
    }

    @Test
    void aRatingBecomesATierAndTheRatingCallIsAClassifyAttemptWithTheTimeout() {
        AtomicReference<Asked> seen = new AtomicReference<>();
        Classification c = new LlmClassifier(CHEAP, Duration.ofSeconds(2))
                .classify(Exchanges.request("ladder/auto", "Design a database", false), answering("3", seen));

        assertThat(c.tier()).isEqualTo(Tier.COMPLEX);
        assertThat(c.classifier()).isEqualTo("llm");
        assertThat(seen.get().purpose()).isEqualTo(Attempt.Purpose.CLASSIFY);
        assertThat(seen.get().model()).isEqualTo(CHEAP);
        assertThat(seen.get().request().lastUserText()).contains("Design a database");
        assertThat(seen.get().request().stream()).isFalse();
        assertThat(seen.get().timeout()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void withoutModelCallsThereIsNoRating() {
        assertThatThrownBy(() -> new LlmClassifier(CHEAP, Duration.ofSeconds(2))
                .classify(Exchanges.request("ladder/auto", "hi", false))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void ratingsAreReadFromTalkativeAnswers() {
        assertThat(LlmClassifier.rating("Rating: 2").tier()).isEqualTo(Tier.MEDIUM);
        assertThat(LlmClassifier.rating(" 1\n").tier()).isEqualTo(Tier.SIMPLE);
    }

    @Test
    void garbageIsRefusedSoThePreviousAnswerStands() {
        assertThatThrownBy(() -> LlmClassifier.rating("I cannot rate this")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> LlmClassifier.rating("1 or 3")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> LlmClassifier.rating("4.5")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aRatingModelThatTimesOutLeavesThePreviousAnswerStanding() {
        Classifier previous = new Classifier() {
            @Override
            public Classification classify(dev.ladder.model.ChatRequest request) {
                return new Classification("heuristic", 0.1, Tier.SIMPLE, 0.5, Map.of());
            }

            @Override
            public String name() {
                return "heuristic";
            }
        };
        LlmClassifier rater = new LlmClassifier(CHEAP, Duration.ofMillis(100));
        ClassifierChain chain = new ClassifierChain(List.of(new ClassifierChain.Link(previous, 0.9),
                new ClassifierChain.Link(rater, 0.0)));
        ModelCalls timingOut = (purpose, model, request, timeout) -> {
            throw new LadderException(new Failure.UpstreamTimeout("p", timeout, "no answer in " + timeout));
        };

        Classification c = chain.classify(Exchanges.request("ladder/auto", "hi", false), timingOut);

        assertThat(c.classifier()).isEqualTo("heuristic");
    }
}
