package dev.ladder.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ladder.model.ChatResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PipelineTest {

    static final Reply ANSWER = new Reply.Complete(new ChatResponse("id", 0, "m", List.of(), Optional.empty(),
            Optional.empty()));

    @Test
    void stagesRunInOrderAndTheLastOneAnswers() {
        List<String> seen = new ArrayList<>();
        Pipeline p = new Pipeline(List.of(
                (ex, chain) -> { seen.add("a"); return chain.proceed(ex); },
                (ex, chain) -> { seen.add("b"); return chain.proceed(ex); },
                (ex, chain) -> { seen.add("c"); return ANSWER; }));

        assertThat(p.execute(Exchanges.simple("hi"))).isSameAs(ANSWER);
        assertThat(seen).containsExactly("a", "b", "c");
    }

    @Test
    void aStageThatCallsProceedTwiceFailsLoudly() {
        Pipeline p = new Pipeline(List.of(
                (ex, chain) -> { chain.proceed(ex); return chain.proceed(ex); },
                (ex, chain) -> ANSWER));

        assertThatThrownBy(() -> p.execute(Exchanges.simple("hi")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("more than once");
    }

    @Test
    void theLastStageMayNotProceed() {
        Pipeline p = new Pipeline(List.of((ex, chain) -> chain.proceed(ex)));

        assertThatThrownBy(() -> p.execute(Exchanges.simple("hi"))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aStageThatAnswersShortCircuitsTheRest() {
        List<String> seen = new ArrayList<>();
        Pipeline p = new Pipeline(List.of(
                (ex, chain) -> ANSWER,
                (ex, chain) -> { seen.add("never"); return ANSWER; }));

        p.execute(Exchanges.simple("hi"));

        assertThat(seen).isEmpty();
    }

    @Test
    void finishEmitsCompletedExactlyOnce() {
        List<RequestRecord> records = new ArrayList<>();
        Exchange ex = Exchanges.simple("hi", new GatewayEvents() {
            @Override
            public void completed(RequestRecord record) {
                records.add(record);
            }
        });

        ex.finish(200, Optional.empty());
        ex.finish(502, Optional.empty());

        assertThat(records).singleElement().satisfies(r -> assertThat(r.httpStatus()).isEqualTo(200));
    }
}
