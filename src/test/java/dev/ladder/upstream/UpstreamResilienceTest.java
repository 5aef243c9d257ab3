package dev.ladder.upstream;

import static dev.ladder.upstream.UpstreamStageTest.drain;
import static dev.ladder.upstream.UpstreamStageTest.model;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ladder.model.Attempt;
import dev.ladder.model.CircuitState;
import dev.ladder.model.Failure;
import dev.ladder.model.LadderException;
import dev.ladder.model.ModelSpec;
import dev.ladder.model.Tier;
import dev.ladder.model.Escalation;
import dev.ladder.pipeline.Attempts;
import dev.ladder.pipeline.Exchange;
import dev.ladder.strategy.Strategy;
import dev.ladder.strategy.StrategyStage;
import dev.ladder.validate.Validation;
import dev.ladder.pipeline.Exchanges;
import dev.ladder.pipeline.GatewayEvents;
import dev.ladder.pipeline.Reply;
import dev.ladder.pipeline.RequestContext;
import dev.ladder.pipeline.RoutePlan;
import dev.ladder.resilience.BreakerConfig;
import dev.ladder.resilience.HealthRegistry;
import dev.ladder.resilience.RetryBudget;
import dev.ladder.resilience.RetryConfig;
import dev.ladder.resilience.RetryPolicy;
import java.time.Duration;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The upstream stage acting on the retry table, breakers, escalation and the latency budget. */
class UpstreamResilienceTest {

    static final Duration CALL_TIMEOUT = Duration.ofSeconds(5);

    final ModelSpec a = model("a", 1, 2);
    final ModelSpec b = model("b", 3, 4);
    final ModelSpec c = model("c", 5, 6);
    final List<Duration> waits = new CopyOnWriteArrayList<>();
    final List<String> events = new CopyOnWriteArrayList<>();
    final GatewayEvents recorder = new GatewayEvents() {
        @Override
        public void retryScheduled(Exchange exchange, Attempt failed, Duration delay) {
            events.add("retry " + failed.model());
        }

        @Override
        public void breakerRejected(Exchange exchange, String deployment) {
            events.add("rejected " + deployment);
        }

        @Override
        public void escalated(Exchange exchange, Escalation e) {
            events.add("escalated " + e.from().wireName() + " -> " + e.to().wireName() + " on " + e.cause().wireName());
        }
    };
    final HealthRegistry health = new HealthRegistry(providers(), new BreakerConfig(0.5, 10, 10, 3,
            Duration.ofSeconds(30), 1), InstantSource.system(), t -> events.add("breaker " + t.deployment() + " "
                    + t.to().wireName()));

    static Map<String, String> providers() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("a", "a-provider");
        m.put("b", "b-provider");
        m.put("c", "c-provider");
        return m;
    }

    UpstreamStage stage(Map<ModelSpec, ScriptedProvider> providers, Duration latencyBudget, Duration preCommit) {
        Map<String, Deployment> deployments = new LinkedHashMap<>();
        providers.forEach((m, p) -> deployments.put(m.name(), new Deployment(m, p, CALL_TIMEOUT)));
        RetryConfig retry = new RetryConfig(2, Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(2),
                0.2, 10);
        UpstreamPolicy policy = new UpstreamPolicy(new RetryPolicy(retry), RetryBudget.of(retry,
                InstantSource.system()), health, latencyBudget, preCommit, waits::add, new SplittableRandom(3));
        return new UpstreamStage(deployments, policy);
    }

    UpstreamStage stage(Map<ModelSpec, ScriptedProvider> providers) {
        return stage(providers, Duration.ofSeconds(30), Duration.ofSeconds(5));
    }

    Exchange exchange(boolean stream, RoutePlan plan) {
        return exchange(stream, plan, RequestContext.EMPTY);
    }

    Exchange exchange(boolean stream, RoutePlan plan, RequestContext context) {
        Exchange ex = Exchanges.of(Exchanges.request("ladder/auto", "hello there", stream), context, recorder);
        ex.plan(plan);
        return ex;
    }

    RoutePlan simple(ModelSpec... models) {
        return new RoutePlan(Optional.of(Tier.SIMPLE), List.of(models), "test");
    }

    /** The exchange's plan answered directly, through an attempt chain that ends in {@code stage}. */
    static Reply handle(UpstreamStage stage, Exchange ex) {
        return new StrategyStage("ladder/auto", Strategy.DIRECT, Map.of(), (e, t) -> Optional.empty(),
                new Attempts(List.of(stage)), Validation.defaults()).handle(ex, e -> {
                    throw new AssertionError("the strategy stage is last");
                });
    }

    static String text(Reply reply) {
        return switch (reply) {
            case Reply.Complete c -> c.response().text();
            case Reply.Streaming s -> drain(s.stream());
        };
    }

    @Test
    void aServerErrorIsRetriedOnTheSameDeploymentAfterAJitteredBackoff() {
        ScriptedProvider pa = ScriptedProvider.failingFirst("pa", 1, new Failure.UpstreamError("pa", 503, "busy"),
                "second time lucky");
        Exchange ex = exchange(false, simple(a, b));

        Reply reply = handle(stage(Map.of(a, pa, b, ScriptedProvider.answering("pb", "unused"))), ex);

        assertThat(text(reply)).isEqualTo("second time lucky");
        assertThat(ex.attempts()).extracting(Attempt::model).containsExactly("a", "a");
        assertThat(waits).singleElement().satisfies(w -> assertThat(w).isLessThan(Duration.ofMillis(100)));
        assertThat(events).contains("retry a");
    }

    @Test
    void theSameTableAppliesToAStreamThatFailsBeforeItsFirstContent() {
        ScriptedProvider pa = ScriptedProvider.failingFirst("pa", 1, new Failure.UpstreamError("pa", 503, "busy"),
                "streamed after a retry");
        Exchange ex = exchange(true, simple(a, b));

        Reply reply = handle(stage(Map.of(a, pa, b, ScriptedProvider.answering("pb", "unused"))), ex);

        assertThat(text(reply)).isEqualTo("streamed after a retry");
        assertThat(ex.attempts()).extracting(Attempt::model).containsExactly("a", "a");
        assertThat(waits).hasSize(1);
    }

    @Test
    void aTimeoutFailsOverAtOnce() {
        ScriptedProvider pa = ScriptedProvider.failing("pa", new Failure.UpstreamTimeout("pa", CALL_TIMEOUT, "slow"));
        Exchange ex = exchange(false, simple(a, b));

        Reply reply = handle(stage(Map.of(a, pa, b, ScriptedProvider.answering("pb", "from b"))), ex);

        assertThat(text(reply)).isEqualTo("from b");
        assertThat(ex.attempts()).extracting(Attempt::model).containsExactly("a", "b");
        assertThat(waits).isEmpty();
    }

    @Test
    void aRequestTheUpstreamRejectsIsNeitherRetriedNorHeldAgainstTheDeployment() {
        ScriptedProvider pa = ScriptedProvider.failing("pa",
                new Failure.UpstreamRejected("pa", 400, "invalid_request_error", "context too long"));
        ScriptedProvider pb = ScriptedProvider.answering("pb", "unused");

        assertThatThrownBy(() -> handle(stage(Map.of(a, pa, b, pb)), exchange(false, simple(a, b))))
                .isInstanceOfSatisfying(LadderException.class,
                        e -> assertThat(e.failure()).isInstanceOf(Failure.UpstreamRejected.class));
        assertThat(pa.calls.get()).isEqualTo(1);
        assertThat(pb.calls.get()).isZero();
        assertThat(health.health("a").failures()).isZero();
    }

    @Test
    void anOpenBreakerSkipsItsDeploymentWithoutAnUpstreamCall() {
        ScriptedProvider pa = ScriptedProvider.failing("pa", new Failure.UpstreamUnreachable("pa", "refused"));
        ScriptedProvider pb = ScriptedProvider.answering("pb", "from b");
        UpstreamStage stage = stage(Map.of(a, pa, b, pb));
        for (int i = 0; i < 3; i++) {
            assertThat(text(handle(stage, exchange(false, simple(a, b))))).isEqualTo("from b");
        }
        assertThat(health.health("a").state()).isEqualTo(CircuitState.OPEN);
        int callsWhenOpened = pa.calls.get();
        Exchange ex = exchange(false, simple(a, b));

        Reply reply = handle(stage, ex);

        assertThat(text(reply)).isEqualTo("from b");
        assertThat(pa.calls.get()).isEqualTo(callsWhenOpened);
        assertThat(ex.attempts()).extracting(Attempt::model).containsExactly("b");
        assertThat(events).contains("breaker a open", "rejected a");
    }

    @Test
    void whenEveryBreakerOfTheRouteIsOpenTheRequestFailsFastAsUnavailable() {
        ScriptedProvider pa = ScriptedProvider.failing("pa", new Failure.UpstreamError("pa", 500, "down"));
        UpstreamStage stage = stage(Map.of(a, pa));
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> handle(stage, exchange(false, simple(a)))).isInstanceOf(LadderException.class);
        }
        int calls = pa.calls.get();

        assertThatThrownBy(() -> handle(stage, exchange(false, simple(a))))
                .isInstanceOfSatisfying(LadderException.class, e -> {
                    assertThat(e.failure()).isInstanceOf(Failure.Unavailable.class);
                    assertThat(e.getMessage()).contains("circuit breakers of a are open");
                });
        assertThat(pa.calls.get()).isEqualTo(calls);
    }

    @Test
    void whenTheWholeTierFailsTheRequestEscalatesToTheNextTierAndCountsIt() {
        ScriptedProvider pa = ScriptedProvider.failing("pa", new Failure.UpstreamTimeout("pa", CALL_TIMEOUT, "slow"));
        ScriptedProvider pb = ScriptedProvider.failing("pb", new Failure.UpstreamMalformed("pb", "garbage"));
        ScriptedProvider pc = ScriptedProvider.answering("pc", "from the medium tier");
        RoutePlan plan = new RoutePlan(Optional.of(Tier.SIMPLE), List.of(a, b), "test",
                Optional.of(new RoutePlan(Optional.of(Tier.MEDIUM), List.of(c), "escalated on failure of tier simple")));
        Exchange ex = exchange(false, plan);

        Reply reply = handle(stage(Map.of(a, pa, b, pb, c, pc)), ex);

        assertThat(text(reply)).isEqualTo("from the medium tier");
        assertThat(ex.escalations()).isEqualTo(1);
        assertThat(ex.answeredTier()).contains(Tier.MEDIUM);
        assertThat(ex.attempts()).extracting(Attempt::model).containsExactly("a", "b", "c");
        assertThat(ex.attempts()).extracting(Attempt::tier).containsExactly(Optional.of(Tier.SIMPLE), Optional.of(Tier.SIMPLE),
                Optional.of(Tier.MEDIUM));
        assertThat(events).contains("escalated simple -> medium on failure");
    }

    @Test
    void whenNothingAnswersTheErrorListsEveryAttemptAcrossTiers() {
        Failure down = new Failure.UpstreamError("x", 500, "down");
        RoutePlan plan = new RoutePlan(Optional.of(Tier.SIMPLE), List.of(a), "test",
                Optional.of(new RoutePlan(Optional.of(Tier.MEDIUM), List.of(c), "escalated")));

        assertThatThrownBy(() -> handle(stage(Map.of(a, ScriptedProvider.failing("pa", down), c,
                ScriptedProvider.failing("pc", down))), exchange(false, plan)))
                .isInstanceOfSatisfying(LadderException.class, e -> {
                    Failure.AllAttemptsFailed all = (Failure.AllAttemptsFailed) e.failure();
                    // each deployment: the first call and one retry
                    assertThat(all.attempts()).extracting(Attempt::model).containsExactly("a", "a", "c", "c");
                });
    }

    @Test
    void noRequestOutlivesItsLatencyBudgetAndTheDeploymentIsNotBlamedForIt() {
        ScriptedProvider pa = ScriptedProvider.hanging("pa");
        Exchange ex = exchange(false, simple(a, b));

        assertThatThrownBy(() -> handle(stage(Map.of(a, pa, b, ScriptedProvider.answering("pb", "late")),
                Duration.ofMillis(300), Duration.ofSeconds(5)), ex))
                .isInstanceOfSatisfying(LadderException.class, e -> {
                    Failure.LatencyBudgetExceeded f = (Failure.LatencyBudgetExceeded) e.failure();
                    assertThat(f.budget()).isEqualTo(Duration.ofMillis(300));
                    assertThat(f.attempts()).extracting(Attempt::model).containsExactly("a");
                    assertThat(f.message()).contains("300 ms").contains("a (");
                });

        assertThat(pa.timeouts).as("the call was given no more than the budget")
                .allSatisfy(t -> assertThat(t).isLessThanOrEqualTo(Duration.ofMillis(300)));
        assertThat(health.health("a").failures()).isZero();
    }

    @Test
    void aCallersShorterBudgetWinsButALongerOneIsCappedByTheConfiguredBudget() {
        UpstreamStage stage = stage(Map.of(a, ScriptedProvider.hanging("pa")), Duration.ofMillis(400),
                Duration.ofSeconds(5));
        RequestContext shorter = new RequestContext(Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of(Duration.ofMillis(150)));
        RequestContext longer = new RequestContext(Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of(Duration.ofMinutes(5)));

        assertThatThrownBy(() -> handle(stage, exchange(false, simple(a), shorter)))
                .isInstanceOfSatisfying(LadderException.class, e -> assertThat(
                        ((Failure.LatencyBudgetExceeded) e.failure()).budget()).isEqualTo(Duration.ofMillis(150)));
        assertThatThrownBy(() -> handle(stage, exchange(false, simple(a), longer)))
                .isInstanceOfSatisfying(LadderException.class, e -> assertThat(
                        ((Failure.LatencyBudgetExceeded) e.failure()).budget()).isEqualTo(Duration.ofMillis(400)));
    }

    @Test
    void aSlowButHealthyStreamIsCommittedAtThePreCommitDeadlineInsteadOfBeingHeld() {
        ScriptedProvider pa = ScriptedProvider.slowToFirstContent("pa", Duration.ofMillis(600), "worth the wait");
        Exchange ex = exchange(true, simple(a));

        Reply reply = handle(stage(Map.of(a, pa), Duration.ofSeconds(10), Duration.ofMillis(100)), ex);

        assertThat(pa.contentSent.get()).as("handed to the client before its first content arrived").isZero();
        assertThat(text(reply)).isEqualTo("worth the wait");
        assertThat(ex.attempts()).singleElement().satisfies(at -> assertThat(at.succeeded()).isTrue());
    }

    @Test
    void aStreamThatStallsAfterContentIsCutAtTheBudgetWithAnExplicitError() {
        ScriptedProvider pa = ScriptedProvider.stallingAfterContent("pa", "some words then silence");
        Exchange ex = exchange(true, simple(a));
        Reply.Streaming reply = (Reply.Streaming) handle(stage(Map.of(a, pa), Duration.ofMillis(400),
                Duration.ofSeconds(5)), ex);

        assertThatThrownBy(() -> drain(reply.stream())).isInstanceOfSatisfying(LadderException.class,
                e -> assertThat(e.failure()).isInstanceOf(Failure.LatencyBudgetExceeded.class));
        reply.stream().close();

        assertThat(ex.attempts()).singleElement().satisfies(at -> assertThat(at.failure()).isPresent());
        assertThat(pa.closed.get()).isEqualTo(1);
        assertThat(health.health("a").failures()).as("the budget, not the deployment, ended it").isZero();
    }

    @Test
    void aStreamCutAfterContentCountsAgainstTheDeploymentAndACompletedOneForIt() {
        UpstreamStage stage = stage(Map.of(a, ScriptedProvider.cutAfterContent("pa", "partial",
                new Failure.UpstreamUnreachable("pa", "cut")), b, ScriptedProvider.answering("pb", "whole answer")));
        Reply.Streaming cut = (Reply.Streaming) handle(stage, exchange(true, simple(a)));
        assertThatThrownBy(() -> drain(cut.stream())).isInstanceOf(LadderException.class);

        Reply.Streaming whole = (Reply.Streaming) handle(stage, exchange(true, simple(b)));
        assertThat(drain(whole.stream())).isEqualTo("whole answer");

        assertThat(health.health("a").failures()).isEqualTo(1);
        assertThat(health.health("b").failures()).isZero();
        assertThat(health.health("b").ewmaLatency()).isPresent();
    }

    @Test
    void aClientThatLeavesMidStreamSaysNothingAboutTheDeployment() {
        Reply.Streaming s = (Reply.Streaming) handle(stage(Map.of(a, ScriptedProvider.answering("pa", "one two three"))),
                exchange(true, simple(a)));
        s.stream().next();
        s.stream().close();

        assertThat(health.health("a").windowCalls()).isZero();
        assertThat(health.health("a").calls()).isEqualTo(1);
    }

    @Test
    void aStalledStreamsReaderStopsWaitingWhenTheClientCloses() throws Exception {
        ScriptedProvider pa = ScriptedProvider.stallingAfterContent("pa", "words");
        Reply.Streaming s = (Reply.Streaming) handle(stage(Map.of(a, pa)), exchange(true, simple(a)));
        assertThat(s.stream().next()).isPresent();
        long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        while (pa.reading.get() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(pa.reading.get()).as("the reader is stuck in the stall").isEqualTo(1);

        s.stream().close();

        while (pa.reading.get() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(pa.reading.get()).as("the reader left the stall").isZero();
        assertThat(pa.closed.get()).isEqualTo(1);
    }
}
