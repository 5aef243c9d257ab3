package dev.ladder.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 10, item 5: the {@code ./ladder} launcher runs the JVM with a heap limit sized to the machine, G1 and
 * exit-on-OOM, and {@code LADDER_JAVA_OPTS} overrides them. {@code ./ladder java-opts} prints what it would use
 * (no JDK or build needed).
 */
class LauncherTest {

    static final Path LAUNCHER = Path.of("ladder");
    static final Pattern HEAP = Pattern.compile("-Xmx(\\d+)m");

    @ParameterizedTest(name = "{0} MiB of memory -> -Xmx{1}m")
    @CsvSource({"512, 256", "2048, 512", "3000, 750", "4096, 800", "24105, 800", "0, 800"})
    void theHeapIsAQuarterOfTheMemoryWithin256MiBAnd800MiB(String memoryMib, int heapMib) throws Exception {
        String opts = javaOpts(Map.of("LADDER_MEMORY_MIB", memoryMib));

        assertThat(heap(opts)).isEqualTo(heapMib);
    }

    @Test
    void theDetectedMemoryGivesAHeapWithinTheBoundsAndG1ThatExitsOnOutOfMemory() throws Exception {
        String opts = javaOpts(Map.of());

        assertThat(heap(opts)).isBetween(256, 800);
        assertThat(opts).contains("-XX:+UseG1GC").contains("-XX:+ExitOnOutOfMemoryError");
    }

    @Test
    void ladderJavaOptsComeLastSoTheirFlagsWin() throws Exception {
        String opts = javaOpts(Map.of("LADDER_JAVA_OPTS", "-Xmx123m -XX:+UseSerialGC")).strip();

        assertThat(opts).endsWith("-Xmx123m -XX:+UseSerialGC");
        assertThat(opts.indexOf("-Xmx123m")).isGreaterThan(opts.indexOf("-XX:+UseG1GC"));
    }

    private static int heap(String opts) {
        Matcher m = HEAP.matcher(opts);
        assertThat(m.find()).as(opts).isTrue();
        return Integer.parseInt(m.group(1));
    }

    private static String javaOpts(Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("bash", LAUNCHER.toString(), "java-opts").redirectErrorStream(true);
        pb.environment().remove("LADDER_JAVA_OPTS");
        pb.environment().remove("LADDER_MEMORY_MIB");
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }
}
