package dev.ladder.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ladder.testing.Required;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * {@code ladder bench-streams} at a small scale (issue 16: 10,000 concurrent slow streams, within 1 GiB; the
 * 10,000 run is the command's, numbers in docs/benchmarks.md): the slow upstream (Node), the gateway
 * ({@code ladder serve} in a JVM of its own) and this process as the client, 1,000 streams held open together.
 * Every stream must end with {@code [DONE]} and the upstream's text, and the report's numbers must be the gateway's
 * (read from /proc): no timing is asserted, the machine is shared.
 */
@EnabledOnOs(OS.LINUX)
class BenchStreamsTest {

    private static final int STREAMS = 1000;

    @Test
    void aThousandSlowStreamsHeldOpenTogetherAllEndWithDoneAndTheGatewaysMemoryIsReported() throws Exception {
        Path node = Required.executable("node", "nodejs");
        Path mock = BenchStreamsCommand.defaultMock();
        assertThat(mock).exists();
        StringWriter log = new StringWriter();
        StreamsBench.Options options = new StreamsBench.Options(STREAMS, Duration.ofSeconds(2), 256,
                Duration.ofSeconds(90), List.of("-Xmx512m", "-XX:+UseG1GC", "-XX:TieredStopAtLevel=1"), mock,
                node.toString(), false, 0, Optional.empty());

        StreamsBench.Report r = new StreamsBench(options, new PrintWriter(log, true)).run();

        String text = r.text();
        assertThat(r.failures()).as(text).isEmpty();
        assertThat(r.started()).as(text).isEqualTo(STREAMS);
        assertThat(r.completed()).isEqualTo(STREAMS);
        assertThat(r.withDone()).isEqualTo(STREAMS);
        assertThat(r.allDone()).isTrue();
        // held open together: the upstream holds every stream until all are open, and both ends counted them
        assertThat(r.peakOpen()).as(text).isEqualTo(STREAMS);
        assertThat(r.upstreamPeakOpen()).as(text).isEqualTo(STREAMS);
        assertThat(r.timeToOpenAll()).as(text).isPresent();
        assertThat(r.timeToOpenAll().orElseThrow()).isLessThanOrEqualTo(r.wall());
        // the gateway's own numbers, read from /proc while it held them: a socket each way per stream
        assertThat(r.atPeak()).as(text).isPresent();
        ProcStatus peak = r.atPeak().orElseThrow();
        assertThat(peak.openFiles()).as(text).isGreaterThanOrEqualTo(2 * STREAMS);
        assertThat(peak.threads()).as(text).isPositive();
        assertThat(r.gatewayPeakRssKib()).as(text).isGreaterThanOrEqualTo(peak.rssKib()).isLessThan(4L << 20);
        assertThat(r.gatewayFileLimit()).isGreaterThanOrEqualTo(2L * STREAMS);
        assertThat(r.heapAtPeak()).as(text).contains("garbage-first heap");
        assertThat(r.samples()).isNotEmpty().allSatisfy(s -> assertThat(s.status().rssKib()).isPositive());
        assertThat(text).contains(STREAMS + " with [DONE]").contains("gateway peak RSS:");
    }

    @Test
    void moreStreamsThanTheGatewaysFilesAllowStopBeforeTheLoadSayingHowManyFit() throws Exception {
        Path node = Required.executable("node", "nodejs");
        long hard = hardFileLimit();
        org.junit.jupiter.api.Assumptions.assumeTrue(hard > 0 && hard < 1_000_000, "an open-file hard limit");
        // more than fit under the hard limit, and the limit cannot be raised (or, as root, is raised to fit)
        int streams = (int) (hard / 2 + 1000);
        StreamsBench.Options options = new StreamsBench.Options(streams, Duration.ofSeconds(1), 16,
                Duration.ofSeconds(10), List.of("-Xmx256m", "-XX:TieredStopAtLevel=1"),
                BenchStreamsCommand.defaultMock(), node.toString(), false, 0, Optional.empty());
        StreamsBench bench = new StreamsBench(options, new PrintWriter(new StringWriter(), true));

        org.junit.jupiter.api.Assumptions.assumeTrue(cannotRaise(hard), "this process may raise its file limit");
        org.assertj.core.api.Assertions.assertThatThrownBy(bench::run)
                .hasMessageContaining("streams fit at once")
                .hasMessageContaining("--streams");
    }

    private static long hardFileLimit() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
            if (line.startsWith("Max open files")) {
                String[] f = line.substring("Max open files".length()).strip().split("\\s+");
                return f[1].equals("unlimited") ? -1 : Long.parseLong(f[1]);
            }
        }
        return -1;
    }

    /** True when a child cannot raise its open-file hard limit (no CAP_SYS_RESOURCE). */
    private static boolean cannotRaise(long hard) throws Exception {
        Process p = new ProcessBuilder("bash", "-c", "ulimit -n " + (hard + 1)).start();
        return p.waitFor() != 0;
    }
}
