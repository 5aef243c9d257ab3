package dev.ladder.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ladder.pipeline.GatewayEvents;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 10: events without a listener are telemetry that never arrives (validator verdicts and escalation
 * reasons once never reached the decision log). Each event of {@link GatewayEvents} must be consumed by one of
 * the gateway's listeners; the decision log consumes the request's record, which carries every attempt,
 * verdict and escalation.
 */
class EveryEventHasAConsumerTest {

    static final List<Class<? extends GatewayEvents>> LISTENERS = List.of(Metrics.class, DecisionLog.class,
            BreakerLog.class, Traces.class, RequestLog.class);

    @Test
    void everyEventIsOverriddenByAtLeastOneOfTheGatewaysListeners() {
        List<String> unconsumed = Arrays.stream(GatewayEvents.class.getDeclaredMethods())
                .filter(m -> !Modifier.isStatic(m.getModifiers()) && !m.isSynthetic())
                .filter(m -> LISTENERS.stream().noneMatch(l -> declares(l, m)))
                .map(Method::getName).toList();

        assertThat(unconsumed).as("events no listener consumes").isEmpty();
    }

    @Test
    void theCheckSeesAnEventNobodyConsumes() {
        // a listener that overrides nothing consumes nothing: the check must say so
        assertThat(Arrays.stream(GatewayEvents.class.getDeclaredMethods())
                .filter(m -> !Modifier.isStatic(m.getModifiers()))
                .filter(m -> declares(GatewayEvents.NONE.getClass(), m))).isEmpty();
    }

    private static boolean declares(Class<?> listener, Method event) {
        try {
            listener.getDeclaredMethod(event.getName(), event.getParameterTypes());
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }
}
