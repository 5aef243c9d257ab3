package dev.ladder.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ladder.model.Attempt;
import dev.ladder.model.Capability;
import dev.ladder.model.Failure;
import dev.ladder.model.LadderException;
import dev.ladder.model.ModelSpec;
import dev.ladder.model.Price;
import dev.ladder.model.Tier;
import dev.ladder.pipeline.AttemptSpec;
import dev.ladder.pipeline.Exchange;
import dev.ladder.pipeline.Exchanges;
import dev.ladder.pipeline.GatewayEvents;
import dev.ladder.pipeline.RequestContext;
import dev.ladder.pipeline.RoutePlan;
import dev.ladder.wire.Json;
import dev.ladder.wire.OpenAiRequests;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The attempt chain's guard: whoever planned a call, it reaches only deployments that can serve it as sent. */
class CapableDeploymentsStageTest {

    static final ModelSpec PLAIN = new ModelSpec("plain", "p", "a", new Price(1, 1), 8000, Set.of());
    static final ModelSpec TOOLS = new ModelSpec("tools", "p", "b", new Price(1, 1), 8000, Set.of(Capability.TOOLS));
    static final ModelSpec NARROW = new ModelSpec("narrow", "p", "c", new Price(1, 1), 500, Set.of(Capability.TOOLS));

    final CapableDeploymentsStage stage = new CapableDeploymentsStage();
    final List<List<ModelSpec>> handedDown = new ArrayList<>();

    void dispatch(ObjectNode body, ModelSpec... candidates) {
        Exchange ex = Exchanges.of(OpenAiRequests.parse(body), RequestContext.EMPTY, GatewayEvents.NONE);
        AttemptSpec spec = new AttemptSpec(Attempt.Purpose.SAMPLE, new RoutePlan(Optional.of(Tier.SIMPLE),
                List.of(candidates), "test"), ex.request(), Optional.empty());
        stage.handle(ex, spec, (e, s) -> {
            handedDown.add(s.plan().candidates());
            return null;
        });
    }

    static ObjectNode body(String text, boolean tools) {
        ObjectNode b = Json.object();
        b.put("model", "ladder/auto");
        b.putArray("messages").addObject().put("role", "user").put("content", text);
        if (tools) {
            b.putArray("tools").addObject().put("type", "function").putObject("function").put("name", "f");
        }
        return b;
    }

    @Test
    void aPlanThatAllCanServeGoesDownUnchanged() {
        dispatch(body("hi", false), PLAIN, TOOLS);

        assertThat(handedDown).containsExactly(List.of(PLAIN, TOOLS));
    }

    @Test
    void deploymentsWithoutACapabilityOrWithATooSmallWindowAreLeftOut() {
        dispatch(body("hi", true), PLAIN, TOOLS);
        dispatch(body("word ".repeat(800), true), NARROW, PLAIN, TOOLS);

        assertThat(handedDown).containsExactly(List.of(TOOLS), List.of(TOOLS));
    }

    @Test
    void whenNoneCanServeNothingIsCalledAndTheFailureSaysWhy() {
        assertThatThrownBy(() -> dispatch(body("hi", true), PLAIN)).isInstanceOfSatisfying(LadderException.class,
                e -> assertThat(e.failure()).isInstanceOfSatisfying(Failure.Unavailable.class,
                        f -> assertThat(f.message()).contains("plain does not support tools")));
        assertThat(handedDown).isEmpty();
    }
}
