package dev.ladder.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Issue 13: one bench-overhead run measures the gateway with metrics and tracing off, with metrics on, and with
 * metrics and tracing on, side by side, and reports the latter two as ratios of the first; the tracing gateway's
 * spans really reach the collector.
 */
@Tag("slow")
class BenchOverheadCommandTest {

    @Test
    void aShortRunReportsEveryConfigurationAndTheirRatios() {
        CliRun run = CliRun.of("bench-overhead", "--rate", "10", "--seconds", "2", "--warmup", "1");

        assertThat(run.exit()).as(run.err() + run.out()).isZero();
        assertThat(run.out()).containsPattern("through gateway, metrics \\+ tracing off +20 ")
                .containsPattern("through gateway, metrics on +20 ")
                .containsPattern("through gateway, metrics \\+ tracing on +20 ")
                .containsPattern("overhead, metrics on +\\d+\\.\\d\\d +\\d+\\.\\d\\d +\\d+\\.\\d\\d")
                .containsPattern("latency, metrics \\+ tracing on +\\d+\\.\\d\\d")
                .containsPattern("spans exported to the in-process collector: [1-9]\\d* bytes")
                .contains("errors: 0");
    }
}
