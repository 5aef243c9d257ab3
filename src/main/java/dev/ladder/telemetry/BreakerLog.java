package dev.ladder.telemetry;

import dev.ladder.model.BreakerTransition;
import dev.ladder.model.CircuitState;
import dev.ladder.pipeline.GatewayEvents;
import java.lang.System.Logger.Level;

/** Logs every circuit breaker transition: an opening as a warning, the rest as information. */
public final class BreakerLog implements GatewayEvents {

    private static final System.Logger LOG = System.getLogger(BreakerLog.class.getName());

    @Override
    public void breakerTransition(BreakerTransition t) {
        LOG.log(t.to() == CircuitState.OPEN ? Level.WARNING : Level.INFO, "circuit breaker of " + t.deployment()
                + ": " + t.from().wireName() + " -> " + t.to().wireName() + " (" + t.reason() + ")");
    }
}
