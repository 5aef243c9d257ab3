package dev.ladder.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DecisionLogConfigTest {

    @Test
    void defaults() {
        assertThat(DecisionLogConfig.DEFAULTS).isEqualTo(new DecisionLogConfig(10_000, 500, Duration.ofSeconds(30),
                Duration.ofSeconds(5), Duration.ofMillis(50)));
    }

    @Test
    void the_queue_capacity_can_be_replaced_alone() {
        assertThat(DecisionLogConfig.DEFAULTS.withQueueCapacity(7))
                .isEqualTo(new DecisionLogConfig(7, 500, Duration.ofSeconds(30), Duration.ofSeconds(5),
                        Duration.ofMillis(50)));
        assertThat(DecisionLogConfig.DEFAULTS.withLinger(Duration.ZERO).linger()).isZero();
    }

    @Test
    void rejects_values_that_cannot_work() {
        assertThatThrownBy(() -> DecisionLogConfig.DEFAULTS.withQueueCapacity(0))
                .hasMessage("queueCapacity must be > 0: 0");
        assertThatThrownBy(() -> new DecisionLogConfig(1, 0, Duration.ZERO, Duration.ZERO, Duration.ZERO))
                .hasMessage("batchSize must be > 0: 0");
        assertThatThrownBy(() -> new DecisionLogConfig(1, 1, Duration.ofSeconds(-1), Duration.ZERO, Duration.ZERO))
                .hasMessage("warnEvery, closeTimeout and linger must be >= 0");
        assertThatThrownBy(() -> new DecisionLogConfig(1, 1, Duration.ZERO, Duration.ZERO, Duration.ofMillis(-1)))
                .hasMessage("warnEvery, closeTimeout and linger must be >= 0");
    }
}
