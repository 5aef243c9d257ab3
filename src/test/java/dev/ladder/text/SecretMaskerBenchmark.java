package dev.ladder.text;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost of masking one decision-log preview (issue 16's profile: the regular expressions of {@link SecretMasker}
 * were the decision-log writer's largest cost): {@link SecretMasker#mask}, with its pre-check, beside
 * {@link SecretMasker#maskByPatterns}, every pattern run (what {@code mask} did before the pre-check). Texts: the
 * bench's prompt ({@code bench/run.sh}), a 1,200-character question, and a text holding a key (the pre-check
 * passes it to the patterns, so the two should cost the same).
 *
 * <p>Run from the repository root:
 * <pre>{@code ./ladder bench SecretMaskerBenchmark -f 1 -wi 2 -i 3 -w 1s -r 2s}</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class SecretMaskerBenchmark {

    private static final String BENCH = "In two sentences, explain what an LLM gateway does and why teams put one in "
            + "front of their model providers.";

    @Param({"bench", "long", "key"})
    public String text;

    private String input;

    @org.openjdk.jmh.annotations.Setup
    public void setUp() {
        input = switch (text) {
            case "bench" -> BENCH;
            case "long" -> (BENCH + " Compare the latency, the cost and the failure modes of each design. ").repeat(7);
            default -> "Incorrect API key provided: sk-proj-Ab3dEf6hIj9kLm2nOp5q. You can find your key at ...";
        };
    }

    @Benchmark
    public String mask() {
        return SecretMasker.mask(input);
    }

    @Benchmark
    public String patternsOnly() {
        return SecretMasker.maskByPatterns(input);
    }
}
