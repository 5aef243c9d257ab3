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

    // ---- capabilities are constraints (issue 12) ----

    static final ModelSpec VISION_SMALL = new ModelSpec("vision-small", "p", "v", new Price(0.1, 0.2), 8000,
            Set.of(Capability.VISION));
    static final ModelSpec WIDE = new ModelSpec("wide", "p", "w", new Price(5, 10), 200_000, Set.of(Capability.TOOLS));

    final RouteStage withWindows = new RouteStage("ladder/auto",
            Map.of("vision-small", VISION_SMALL, "mid", MID, "wide", WIDE),
            Map.of(Tier.SIMPLE, List.of(VISION_SMALL), Tier.MEDIUM, List.of(MID), Tier.COMPLEX, List.of(WIDE)),
            new RoutingOptions(LoadBalancing.ORDERED, Map.of(), true), Optional.empty(),
            new java.util.SplittableRandom(1),
            Map.of(Tier.MEDIUM, new TierSettings(java.util.OptionalDouble.empty(), java.util.OptionalInt.of(7000),
                    java.util.OptionalDouble.empty())), Optional.empty());

    Exchange exchange(ObjectNode body, RequestContext context, Tier classified) {
        Exchange ex = Exchanges.of(OpenAiRequests.parse(body), context, GatewayEvents.NONE);
        ex.classification(new Classification("heuristic", 0.1, classified, 0.9, Map.of()));
        return ex;
    }

    RoutePlan routeWithWindows(ObjectNode body, RequestContext context, Tier classified) {
        Exchange ex = exchange(body, context, classified);
        withWindows.handle(ex, e -> null);
        return ex.plan().orElseThrow();
    }

    static ObjectNode withImage(ObjectNode b) {
        var content = ((ObjectNode) b.get("messages").get(0)).putArray("content");
        content.addObject().put("type", "text").put("text", "what is this?");
        content.addObject().put("type", "image_url").putObject("image_url").put("url", "data:image/png;base64,AA==");
        return b;
    }

    static Failure.BadRequest badRequest(Throwable t) {
        return (Failure.BadRequest) ((LadderException) t).failure();
    }

    @Test
    void whenNoTierAtOrAboveHasTheCapabilityTheNearestTierBelowServesIt() {
        RoutePlan plan = routeWithWindows(withImage(body("ladder/auto")), RequestContext.EMPTY, Tier.COMPLEX);

        assertThat(plan.tier()).contains(Tier.SIMPLE);
        assertThat(plan.candidates()).containsExactly(VISION_SMALL);
        assertThat(plan.reason()).contains("moved down to simple").contains("wide does not support vision");
    }

    @Test
    void aPromptTooLongForTheChosenTiersWindowMovesUpToAWindowThatHoldsIt() {
        ObjectNode b = body("ladder/auto");
        ((ObjectNode) b.get("messages").get(0)).put("content", "word ".repeat(9000));

        RoutePlan plan = routeWithWindows(b, RequestContext.EMPTY, Tier.MEDIUM);

        assertThat(plan.candidates()).containsExactly(WIDE);
        assertThat(plan.reason()).contains("mid has a context window of 8,000 tokens");
    }

    @Test
    void aTiersDefaultMaxTokensCountsAgainstItsWindowWhenTheClientSetsNone() {
        ObjectNode b = body("ladder/auto");
        ((ObjectNode) b.get("messages").get(0)).put("content", "word ".repeat(1500));

        assertThat(routeWithWindows(b, RequestContext.EMPTY, Tier.MEDIUM).candidates())
                .as("1,500 prompt tokens + the medium default of 7,000 do not fit 8,000").containsExactly(WIDE);
        b.put("max_tokens", 100);
        assertThat(routeWithWindows(b, RequestContext.EMPTY, Tier.MEDIUM).candidates()).containsExactly(MID);
    }

    @Test
    void noTierWithTheCapabilityIsA400NamingItsParameterNotTheUpstreamsProblem() {
        ObjectNode b = body("ladder/auto");
        ObjectNode format = b.putObject("response_format").put("type", "json_schema");
        format.putObject("json_schema").put("name", "a").putObject("schema").put("type", "object");

        assertThatThrownBy(() -> routeWithWindows(b, RequestContext.EMPTY, Tier.SIMPLE)).satisfies(t -> {
            Failure.BadRequest f = badRequest(t);
            assertThat(f.param()).isEqualTo("response_format");
            assertThat(f.code()).isEqualTo("capability_not_supported");
            assertThat(f.message()).contains("json_schema").contains("vision-small, mid, wide").contains("every tier");
        });
    }

    @Test
    void capabilitiesNoSingleModelHasTogetherAreA400() {
        ObjectNode b = withImage(body("ladder/auto"));
        b.putArray("tools").addObject().put("type", "function").putObject("function").put("name", "f");

        assertThatThrownBy(() -> routeWithWindows(b, RequestContext.EMPTY, Tier.SIMPLE))
                .satisfies(t -> assertThat(badRequest(t).message()).contains("together"));
    }

    @Test
    void aPromptLongerThanEveryWindowIsA400WithTheCountAndTheLargestWindow() {
        ObjectNode b = body("ladder/auto");
        b.put("max_tokens", 250_000);

        assertThatThrownBy(() -> routeWithWindows(b, RequestContext.EMPTY, Tier.SIMPLE)).satisfies(t -> {
            Failure.BadRequest f = badRequest(t);
            assertThat(f.code()).isEqualTo("context_length_exceeded");
            assertThat(f.param()).isEqualTo("messages");
            assertThat(f.message()).contains("250,0").contains("+ 250,000 for max_tokens").contains("200,000 tokens (wide");
        });
    }

    @Test
    void aForcedTierIsNotLeftForACapabilityAndTheCapBoundsTheSearchUpward() {
        ObjectNode b = body("ladder/auto");
        b.putArray("tools").addObject().put("type", "function").putObject("function").put("name", "f");

        assertThatThrownBy(() -> routeWithWindows(b, context(Optional.of(Tier.SIMPLE), Optional.empty()), Tier.SIMPLE))
                .satisfies(t -> assertThat(badRequest(t).message()).contains("forced by x-ladder-tier"));
        ObjectNode longTools = b.deepCopy();
        ((ObjectNode) longTools.get("messages").get(0)).put("content", "word ".repeat(9000));
        assertThatThrownBy(() -> routeWithWindows(longTools, context(Optional.empty(), Optional.of(Tier.MEDIUM)),
                Tier.SIMPLE)).satisfies(t -> assertThat(badRequest(t).message()).contains("capped by x-ladder-max-tier"));
        assertThat(routeWithWindows(longTools, RequestContext.EMPTY, Tier.SIMPLE).candidates()).containsExactly(WIDE);
    }

    @Test
    void aNamedModelThatCannotServeTheRequestIsA400() {
        ObjectNode b = body("vision-small");
        b.putArray("tools").addObject().put("type", "function").putObject("function").put("name", "f");

        assertThatThrownBy(() -> routeWithWindows(b, RequestContext.EMPTY, Tier.SIMPLE)).satisfies(t -> {
            assertThat(badRequest(t).param()).isEqualTo("tools");
            assertThat(badRequest(t).message()).contains("vision-small").contains("named by the client");
        });
    }

    @Test
    void escalationPlansNameOnlyCapableModels() {
        ObjectNode b = body("ladder/auto");
        b.putArray("tools").addObject().put("type", "function").putObject("function").put("name", "f");
        Exchange ex = exchange(b, RequestContext.EMPTY, Tier.SIMPLE);

        assertThat(withWindows.planFor(ex, Tier.SIMPLE)).as("no model of simple has tools").isEmpty();
        assertThat(withWindows.planFor(ex, Tier.MEDIUM).orElseThrow().candidates()).containsExactly(MID);
        withWindows.handle(ex, e -> null);
        RoutePlan plan = ex.plan().orElseThrow();
        assertThat(plan.candidates()).containsExactly(MID);
        assertThat(plan.onFailure().orElseThrow().candidates()).containsExactly(WIDE);
    }
}
