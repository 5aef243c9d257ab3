package dev.ladder.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ladder.model.ChatRequest;
import dev.ladder.model.ChatResponse;
import dev.ladder.model.Classification;
import dev.ladder.model.Price;
import dev.ladder.model.Tier;
import dev.ladder.pipeline.Exchange;
import dev.ladder.pipeline.GatewayEvents;
import dev.ladder.pipeline.Pipeline;
import dev.ladder.pipeline.Reply;
import dev.ladder.pipeline.RequestContext;
import dev.ladder.pipeline.Stage;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClassifyStageTest {

    private static final Classification VERDICT = new Classification("fixed", 0.7, Tier.COMPLEX, 0.9, Map.of());
    private static final Classifier FIXED = new Classifier() {
        @Override
        public Classification classify(ChatRequest request) {
            return VERDICT;
        }

        @Override
        public String name() {
            return "fixed";
        }
    };

    private final RecordingEvents events = new RecordingEvents();
    private final AnsweringStage upstream = new AnsweringStage();
    private final Pipeline pipeline = new Pipeline(List.of(new ClassifyStage(FIXED, Requests.ALIAS), upstream));

    @Test
    void classifiesARequestForTheRoutingAliasThenProceeds() {
        Exchange exchange = exchange(Requests.ALIAS);

        Reply reply = pipeline.execute(exchange);

        assertThat(exchange.classification()).contains(VERDICT);
        assertThat(events.classified).containsExactly(VERDICT);
        assertThat(upstream.sawClassification).contains(VERDICT);
        assertThat(reply).isSameAs(upstream.reply);
    }

    @Test
    void passesARequestForAConcreteModelThroughUnclassified() {
        Exchange exchange = exchange("gpt-4o-mini");

        Reply reply = pipeline.execute(exchange);

        assertThat(exchange.classification()).isEmpty();
        assertThat(events.classified).isEmpty();
        assertThat(upstream.sawClassification).isEmpty();
        assertThat(reply).isSameAs(upstream.reply);
    }

    @Test
    void matchesTheAliasExactly() {
        Exchange exchange = exchange("LADDER/AUTO");

        pipeline.execute(exchange);

        assertThat(exchange.classification()).isEmpty();
    }

    @Test
    void classifiesWithARealClassifierEndToEnd() {
        Pipeline real = new Pipeline(List.of(
                new ClassifyStage(new HeuristicClassifier(HeuristicConfig.DEFAULTS), Requests.ALIAS), upstream));
        Exchange exchange = exchange(Requests.ALIAS);

        real.execute(exchange);

        assertThat(exchange.classification()).get()
                .satisfies(c -> assertThat(c.classifier()).isEqualTo("heuristic"))
                .satisfies(c -> assertThat(c.tier()).isEqualTo(Tier.SIMPLE));
    }

    @Test
    void needsAClassifierAndAnAlias() {
        assertThatThrownBy(() -> new ClassifyStage(null, Requests.ALIAS)).hasMessage("classifier is null");
        assertThatThrownBy(() -> new ClassifyStage(FIXED, null)).hasMessage("alias is null");
    }

    private Exchange exchange(String model) {
        ChatRequest request = Requests.to(model, Requests.userMessage("What is the capital of France?"));
        return new Exchange("req-1", request, RequestContext.EMPTY, events, InstantSource.fixed(Instant.EPOCH),
                Price.FREE);
    }

    /** The last stage: answers, and notes what classification it saw. */
    private static final class AnsweringStage implements Stage {
        final Reply reply = new Reply.Complete(new ChatResponse("resp-1", 0, "fake", List.of(), Optional.empty(),
                Optional.empty()));
        Optional<Classification> sawClassification = Optional.empty();

        @Override
        public Reply handle(Exchange exchange, Chain chain) {
            sawClassification = exchange.classification();
            return reply;
        }
    }

    private static final class RecordingEvents implements GatewayEvents {
        final List<Classification> classified = new ArrayList<>();

        @Override
        public void classified(Exchange exchange, Classification classification) {
            classified.add(classification);
        }
    }
}
