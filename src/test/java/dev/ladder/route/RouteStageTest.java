package dev.ladder.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ladder.model.Capability;
import dev.ladder.model.Classification;
import dev.ladder.model.Failure;
import dev.ladder.model.LadderException;
import dev.ladder.model.ModelSpec;
import dev.ladder.model.Price;
import dev.ladder.model.Tier;
import dev.ladder.pipeline.Exchange;
import dev.ladder.pipeline.Exchanges;
import dev.ladder.pipeline.GatewayEvents;
import dev.ladder.pipeline.RequestContext;
import dev.ladder.pipeline.RoutePlan;
import dev.ladder.wire.Json;
import dev.ladder.wire.OpenAiRequests;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RouteStageTest {

    static final ModelSpec SMALL = new ModelSpec("small", "p", "s", new Price(0.1, 0.2), 8000, Set.of());
    static final ModelSpec MID = new ModelSpec("mid", "p", "m", new Price(1, 2), 8000, Set.of(Capability.TOOLS));
    static final ModelSpec BIG = new ModelSpec("big", "p", "b", new Price(5, 10), 8000,
            Set.of(Capability.TOOLS, Capability.LOGPROBS));
    static final ModelSpec LOOSE = new ModelSpec("loose", "p", "l", new Price(1, 1), 8000, Set.of());

    final RouteStage stage = new RouteStage("ladder/auto",
            Map.of("small", SMALL, "mid", MID, "big", BIG, "loose", LOOSE),
            Map.of(Tier.SIMPLE, List.of(SMALL), Tier.MEDIUM, List.of(MID), Tier.COMPLEX, List.of(BIG)));

    RoutePlan route(ObjectNode body, Tier classified) {
        Exchange ex = Exchanges.of(OpenAiRequests.parse(body), RequestContext.EMPTY, GatewayEvents.NONE);
        if (classified != null) {
            ex.classification(new Classification("heuristic", 0.1, classified, 0.9, Map.of()));
        }
        stage.handle(ex, e -> null);
        return ex.plan().orElseThrow();
    }

    static ObjectNode body(String model) {
        ObjectNode b = Json.object();
        b.put("model", model);
        b.putArray("messages").addObject().put("role", "user").put("content", "hi");
        return b;
    }

    @Test
    void theAliasRoutesToTheClassifiedTier() {
        RoutePlan plan = route(body("ladder/auto"), Tier.SIMPLE);

        assertThat(plan.tier()).contains(Tier.SIMPLE);
        assertThat(plan.candidates()).containsExactly(SMALL);
    }

    @Test
    void aNamedModelGoesStraightThereWithItsTier() {
        assertThat(route(body("big"), null).candidates()).containsExactly(BIG);
        assertThat(route(body("big"), null).tier()).contains(Tier.COMPLEX);
        assertThat(route(body("loose"), null).tier()).isEmpty();
    }

    @Test
    void anUnknownModelIs404() {
        assertThatThrownBy(() -> route(body("nope"), null)).isInstanceOfSatisfying(LadderException.class,
                e -> assertThat(e.failure()).isEqualTo(new Failure.UnknownModel("nope")));
    }

    @Test
    void aRequestNeedingACapabilityMovesUpToTheFirstTierThatHasIt() {
        ObjectNode b = body("ladder/auto");
        b.putArray("tools").addObject().put("type", "function").putObject("function").put("name", "f");

        RoutePlan plan = route(b, Tier.SIMPLE);

        assertThat(plan.tier()).contains(Tier.MEDIUM);
        assertThat(plan.candidates()).containsExactly(MID);
        assertThat(plan.reason()).contains("moved up");
    }

    @Test
    void logprobsRequestsGoToAModelThatReturnsThem() {
        ObjectNode b = body("ladder/auto");
        b.put("logprobs", true);

        assertThat(route(b, Tier.SIMPLE).candidates()).containsExactly(BIG);
    }

    // ---- escalation on failure ----

    static final ModelSpec SMALL_B = new ModelSpec("small-b", "q", "s", new Price(0.1, 0.2), 8000, Set.of());

    RoutePlan routeEscalating(RequestContext context, Tier classified) {
        RouteStage escalating = new RouteStage("ladder/auto",
                Map.of("small", SMALL, "small-b", SMALL_B, "mid", MID, "big", BIG),
                Map.of(Tier.SIMPLE, List.of(SMALL, SMALL_B), Tier.MEDIUM, List.of(MID), Tier.COMPLEX, List.of(BIG)),
                new RoutingOptions(LoadBalancing.ORDERED, Map.of(), true), Optional.empty(),
                new java.util.SplittableRandom(1));
        Exchange ex = Exchanges.of(OpenAiRequests.parse(body("ladder/auto")), context, GatewayEvents.NONE);
        ex.classification(new Classification("heuristic", 0.1, classified, 0.9, Map.of()));
        escalating.handle(ex, e -> null);
        return ex.plan().orElseThrow();
    }

    static RequestContext context(Optional<Tier> forced, Optional<Tier> max) {
        return new RequestContext(Optional.empty(), Optional.empty(), Optional.empty(), forced, max, Optional.empty(),
                Optional.empty());
    }

    @Test
    void whenEscalationIsOnThePlanNamesEachTierUpAsWhereToGoOnFailure() {
        RoutePlan plan = routeEscalating(RequestContext.EMPTY, Tier.SIMPLE);

        assertThat(plan.candidates()).containsExactly(SMALL, SMALL_B);
        RoutePlan medium = plan.onFailure().orElseThrow();
        assertThat(medium.tier()).contains(Tier.MEDIUM);
        assertThat(medium.candidates()).containsExactly(MID);
        assertThat(medium.reason()).isEqualTo("escalated on failure of tier simple");
        RoutePlan complex = medium.onFailure().orElseThrow();
        assertThat(complex.tier()).contains(Tier.COMPLEX);
        assertThat(complex.onFailure()).isEmpty();
    }

    @Test
    void theCallersMaxTierBoundsEscalation() {
        RoutePlan plan = routeEscalating(context(Optional.empty(), Optional.of(Tier.MEDIUM)), Tier.SIMPLE);

        assertThat(plan.onFailure().orElseThrow().tier()).contains(Tier.MEDIUM);
        assertThat(plan.onFailure().orElseThrow().onFailure()).isEmpty();
    }

    @Test
    void aForcedTierIsNeverEscalated() {
        RoutePlan plan = routeEscalating(context(Optional.of(Tier.SIMPLE), Optional.empty()), Tier.SIMPLE);

        assertThat(plan.tier()).contains(Tier.SIMPLE);
        assertThat(plan.onFailure()).isEmpty();
    }

    @Test
    void withoutEscalationThePlanEndsAtItsTier() {
        RoutePlan plan = route(body("ladder/auto"), Tier.SIMPLE);

        assertThat(plan.onFailure()).isEmpty();
    }
}
