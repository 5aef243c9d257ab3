package dev.ladder.classify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ladder.model.ChatRequest;
import dev.ladder.model.Classification;
import dev.ladder.model.Tier;
import dev.ladder.pipeline.Exchanges;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ClassifierChainTest {

    static final ChatRequest REQUEST = Exchanges.request("ladder/auto", "hello", false);

    static final class Fixed implements Classifier {
        final String name;
        final Tier tier;
        final double confidence;
        final AtomicInteger calls = new AtomicInteger();

        Fixed(String name, Tier tier, double confidence) {
            this.name = name;
            this.tier = tier;
            this.confidence = confidence;
        }

        @Override
        public Classification classify(ChatRequest request) {
            calls.incrementAndGet();
            return new Classification(name, 0.5, tier, confidence, Map.of());
        }

        @Override
        public String name() {
            return name;
        }
    }

    @Test
    void aConfidentFirstClassifierDecidesAlone() {
        Fixed cheap = new Fixed("cheap", Tier.SIMPLE, 0.95);
        Fixed costly = new Fixed("costly", Tier.COMPLEX, 0.99);
        ClassifierChain chain = new ClassifierChain(List.of(new ClassifierChain.Link(cheap, 0.8),
                new ClassifierChain.Link(costly, 0.0)));

        Classification c = chain.classify(REQUEST);

        assertThat(c.classifier()).isEqualTo("cheap");
        assertThat(costly.calls).hasValue(0);
    }

    @Test
    void anUnsureClassifierHandsOverToTheNext() {
        Fixed cheap = new Fixed("cheap", Tier.SIMPLE, 0.55);
        Fixed costly = new Fixed("costly", Tier.MEDIUM, 0.7);

        Classification c = new ClassifierChain(List.of(new ClassifierChain.Link(cheap, 0.8),
                new ClassifierChain.Link(costly, 0.0))).classify(REQUEST);

        assertThat(c.classifier()).isEqualTo("costly");
        assertThat(c.tier()).isEqualTo(Tier.MEDIUM);
    }

    @Test
    void aFailingLaterClassifierLeavesThePreviousAnswerStanding() {
        Fixed cheap = new Fixed("cheap", Tier.SIMPLE, 0.3);
        Classifier broken = new Classifier() {
            @Override
            public Classification classify(ChatRequest request) {
                throw new IllegalStateException("timeout");
            }

            @Override
            public String name() {
                return "llm";
            }
        };

        Classification c = new ClassifierChain(List.of(new ClassifierChain.Link(cheap, 0.8),
                new ClassifierChain.Link(broken, 0.0))).classify(REQUEST);

        assertThat(c.classifier()).isEqualTo("cheap");
    }
}
