package dev.ladder.classify;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import dev.ladder.model.ChatRequest;
import dev.ladder.model.Classification;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Latency of {@link HeuristicClassifier#classify} per request, sampled so that JMH reports percentiles
 * (p50, p99, p99.9), beside a baseline that only lower-cases the same text: the least work any text
 * classifier does. Prompts are a short question and realistic mixes of the test table's prompts cut to 500
 * and 2000 cl100k tokens; the 2000-token one exceeds the scan budget, so it also shows that cost stops
 * growing with length; {@code rag} is a 2,000-word pasted document followed by a one-line question
 * ({@link PastedMaterialTest}), where the ask is found within the message.
 *
 * <p>Run from the repository root (a short run; drop the options for JMH's defaults below):
 * <pre>{@code ./ladder bench HeuristicClassifierBenchmark -f 1 -wi 2 -i 3 -w 1s -r 2s}</pre>
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class HeuristicClassifierBenchmark {

    @Param({"short", "500", "2000", "rag"})
    public String prompt;

    private HeuristicClassifier classifier;
    private ChatRequest request;
    private String text;

    @Setup
    public void setUp() {
        classifier = new HeuristicClassifier(HeuristicConfig.DEFAULTS);
        text = switch (prompt) {
            case "short" -> "What is the capital of France?";
            case "rag" -> PastedMaterialTest.DOCUMENT + "\n\n" + PastedMaterialTest.SUMMARISE;
            default -> ofTokens(Integer.parseInt(prompt));
        };
        request = Requests.user(text);
    }

    @Benchmark
    public Classification classify() {
        return classifier.classify(request);
    }

    @Benchmark
    public String baselineLowercase() {
        return text.toLowerCase(Locale.ROOT);
    }

    /** The test table's complex and medium prompts, in turn, cut at {@code tokens} cl100k tokens. */
    static String ofTokens(int tokens) {
        Encoding cl100k = Encodings.newDefaultEncodingRegistry().getEncoding(EncodingType.CL100K_BASE);
        List<String> parts = new ArrayList<>(Prompts.COMPLEX);
        parts.addAll(Prompts.MEDIUM);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; cl100k.countTokens(sb.toString()) < tokens; i++) {
            sb.append(parts.get(i % parts.size())).append("\n\n");
        }
        String all = sb.toString();
        int lo = 0;
        int hi = all.length();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cl100k.countTokens(all.substring(0, mid)) < tokens) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return all.substring(0, lo);
    }
}
