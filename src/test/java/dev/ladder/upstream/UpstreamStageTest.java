package dev.ladder.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ladder.model.Attempt;
import dev.ladder.model.ChatChunk;
import dev.ladder.model.ChunkStream;
import dev.ladder.model.Failure;
import dev.ladder.model.LadderException;
import dev.ladder.model.ModelSpec;
import dev.ladder.model.Price;
import dev.ladder.model.Tier;
import dev.ladder.pipeline.AttemptSpec;
import dev.ladder.pipeline.Dispatched;
import dev.ladder.pipeline.Exchange;
import dev.ladder.pipeline.Exchanges;
import dev.ladder.pipeline.GatewayEvents;
import dev.ladder.pipeline.Reply;
import dev.ladder.pipeline.RequestContext;
import dev.ladder.pipeline.RoutePlan;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class UpstreamStageTest {

    static ModelSpec model(String name, double in, double out) {
        return new ModelSpec(name, name + "-provider", name + "-upstream", new Price(in, out), 8000, Set.of());
    }

    final ModelSpec a = model("a", 1, 2);
    final ModelSpec b = model("b", 3, 4);
    final List<Attempt> failedEvents = new ArrayList<>();
    final GatewayEvents events = new GatewayEvents() {
        @Override
        public void attemptFailed(Exchange exchange, Attempt attempt) {
            failedEvents.add(attempt);
        }
    };

    Exchange exchange(boolean stream) {
        Exchange ex = Exchanges.of(Exchanges.request("ladder/auto", "hello there", stream), RequestContext.EMPTY, events);
        ex.plan(new RoutePlan(Optional.of(Tier.SIMPLE), List.of(a, b), "test"));
        return ex;
    }

    static final RoutePlan PLAN_A_B = new RoutePlan(Optional.of(Tier.SIMPLE), List.of(
            model("a", 1, 2), model("b", 3, 4)), "test");

    /** The stage as the last of the attempt chain: an answer attempt on the exchange's plan. */
    static Dispatched dispatch(UpstreamStage stage, Exchange ex) {
        return stage.handle(ex, AttemptSpec.answer(ex.plan().orElseThrow(), ex.request()), (e, spec) -> {
            throw new AssertionError("nothing comes after the upstream stage");
        });
    }

    UpstreamStage stage(ScriptedProvider pa, ScriptedProvider pb) {
        return new UpstreamStage(Map.of("a", new Deployment(a, pa, Duration.ofSeconds(1)),
                "b", new Deployment(b, pb, Duration.ofSeconds(1))));
    }

    @Test
    void aRetryableFailureFailsOverToTheNextDeploymentOfTheTier() {
        ScriptedProvider pa = ScriptedProvider.failing("pa", new Failure.UpstreamError("pa", 500, "boom"));
        ScriptedProvider pb = ScriptedProvider.answering("pb", "fine");
        Exchange ex = exchange(false);

        Dispatched d = dispatch(stage(pa, pb), ex);
        ex.answered(d);

        assertThat(((Reply.Complete) d.reply()).response().text()).isEqualTo("fine");
        assertThat(ex.attempts()).extracting(Attempt::model).containsExactly("a", "b");
        assertThat(ex.attempts()).extracting(Attempt::seq).containsExactly(1, 2);
        assertThat(failedEvents).singleElement().satisfies(at -> assertThat(at.failure()).isPresent());
        assertThat(d.model()).isEqualTo(b);
        assertThat(d.seq()).isEqualTo(2);
        assertThat(ex.attempts().getLast().costUsd()).isEqualTo(b.price().cost(new dev.ladder.model.Usage(10, 5)));
        assertThat(ex.costUsd()).isEqualTo(b.price().cost(new dev.ladder.model.Usage(10, 5)));
        assertThat(ex.baselineCostUsd()).isEqualTo(new Price(10, 30).cost(new dev.ladder.model.Usage(10, 5)));
    }

    @Test
    void aFailureCausedByTheRequestIsNotRetriedElsewhere() {
        ScriptedProvider pa = ScriptedProvider.failing("pa",
                new Failure.UpstreamRejected("pa", 400, "invalid_request_error", "context too long"));
        ScriptedProvider pb = ScriptedProvider.answering("pb", "fine");

        assertThatThrownBy(() -> dispatch(stage(pa, pb), exchange(false)))
                .isInstanceOfSatisfying(LadderException.class,
                        e -> assertThat(e.failure()).isInstanceOf(Failure.UpstreamRejected.class));
        assertThat(pb.calls.get()).isZero();
    }

    @Test
    void whenEveryDeploymentFailsTheErrorListsEveryAttempt() {
        ScriptedProvider pa = ScriptedProvider.failing("pa", new Failure.UpstreamError("pa", 500, "boom"));
        ScriptedProvider pb = ScriptedProvider.failing("pb", new Failure.UpstreamUnreachable("pb", "reset"));

        assertThatThrownBy(() -> dispatch(stage(pa, pb), exchange(false)))
                .isInstanceOfSatisfying(LadderException.class, e -> {
                    assertThat(e.failure()).isInstanceOf(Failure.AllAttemptsFailed.class);
                    assertThat(((Failure.AllAttemptsFailed) e.failure()).attempts()).extracting(Attempt::model)
                            .containsExactly("a", "b");
                });
    }

    @Test
    void aStreamThatFailsBeforeItsFirstContentFailsOverInvisibly() {
        ScriptedProvider pa = ScriptedProvider.failing("pa", new Failure.UpstreamError("pa", 500, "boom"));
        ScriptedProvider pb = ScriptedProvider.answering("pb", "streamed answer here");
        Exchange ex = exchange(true);

        Dispatched d = dispatch(stage(pa, pb), ex);

        assertThat(drain(((Reply.Streaming) d.reply()).stream())).isEqualTo("streamed answer here");
        assertThat(pa.closed.get()).isEqualTo(1);
        assertThat(d.model()).isEqualTo(b);
        assertThat(ex.usage().completionTokens()).isEqualTo(5);
    }

    @Test
    void aStreamCutAfterContentSurfacesAnErrorInsteadOfEndingCleanly() {
        ScriptedProvider pa = ScriptedProvider.cutAfterContent("pa", "partial words",
                new Failure.UpstreamUnreachable("pa", "stream ended before [DONE]"));
        ScriptedProvider pb = ScriptedProvider.answering("pb", "unused");
        Exchange ex = exchange(true);

        ChunkStream s = ((Reply.Streaming) dispatch(stage(pa, pb), ex).reply()).stream();

        assertThatThrownBy(() -> drain(s)).isInstanceOf(LadderException.class);
        assertThat(pb.calls.get()).isZero();
        assertThat(ex.attempts()).singleElement().satisfies(at -> assertThat(at.failure()).isPresent());
    }

    @Test
    void aStreamClosedEarlyIsSettledAndBilledWithCountedTokens() {
        ScriptedProvider pa = ScriptedProvider.answering("pa", "one two three");
        Exchange ex = exchange(true);
        ChunkStream s = ((Reply.Streaming) dispatch(stage(pa, pa), ex).reply()).stream();

        // close early, as a client that went away would: the attempt is still settled and billed
        s.next();
        s.next();
        s.close();

        assertThat(ex.attempts()).singleElement().satisfies(at ->
                assertThat(at.outcome()).isInstanceOf(Attempt.Outcome.Cancelled.class));
        assertThat(ex.usage().promptTokens()).isPositive();
        assertThat(pa.closed.get()).isEqualTo(1);
    }

    static String drain(ChunkStream s) {
        StringBuilder sb = new StringBuilder();
        Optional<ChatChunk> c;
        while ((c = s.next()).isPresent()) {
            for (ChatChunk.Delta d : c.get().choices()) {
                if (d.content() != null) {
                    sb.append(d.content());
                }
            }
        }
        return sb.toString();
    }
}
