package dev.ladder.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ladder.model.ChatResponse;
import dev.ladder.model.ChunkStream;
import dev.ladder.model.Classification;
import dev.ladder.model.ModelSpec;
import dev.ladder.model.Price;
import dev.ladder.model.Tier;
import dev.ladder.pipeline.Exchanges;
import dev.ladder.pipeline.Provider;
import dev.ladder.pipeline.UpstreamCall;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class LlmClassifierTest {

    static final ModelSpec CHEAP = new ModelSpec("cheap", "p", "cheap-up", new Price(0.1, 0.1), 8000, Set.of());

    static Provider answering(String text, Duration delay, AtomicReference<UpstreamCall> seen) {
        return new Provider() {
            @Override
            public String name() {
                return "p";
            }

            @Override
            public ChatResponse complete(UpstreamCall call) {
                seen.set(call);
                try {
                    Thread.sleep(delay);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return new ChatResponse("id", 0, "m", List.of(new ChatResponse.Choice(0, text, null, null, "stop", null)),
                        Optional.empty(), Optional.empty());
            }

            @Override
            public ChunkStream stream(UpstreamCall call) {
                throw new UnsupportedOperationException();
            }
        };
    }

    @Test
    void aRatingBecomesATier() {
        AtomicReference<UpstreamCall> seen = new AtomicReference<>();
        Classification c = new LlmClassifier(answering("3", Duration.ZERO, seen), CHEAP, Duration.ofSeconds(2))
                .classify(Exchanges.request("ladder/auto", "Design a database", false));

        assertThat(c.tier()).isEqualTo(Tier.COMPLEX);
        assertThat(c.classifier()).isEqualTo("llm");
        assertThat(seen.get().request().lastUserText()).contains("Design a database");
        assertThat(seen.get().timeout()).isEqualTo(Duration.ofSeconds(2));
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
    void aSlowRatingModelTimesOutAndTheChainKeepsThePreviousAnswer() {
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
        // the rating model would answer only after a day (or when interrupted): only the timeout can end the call
        LlmClassifier slow = new LlmClassifier(answering("3", Duration.ofDays(1), new AtomicReference<>()), CHEAP,
                Duration.ofMillis(100));
        ClassifierChain chain = new ClassifierChain(List.of(new ClassifierChain.Link(previous, 0.9),
                new ClassifierChain.Link(slow, 0.0)));

        Classification c = chain.classify(Exchanges.request("ladder/auto", "hi", false));

        assertThat(c.classifier()).isEqualTo("heuristic");
    }
}
