package dev.ladder.classify;

import dev.ladder.embed.Embedders;
import dev.ladder.model.ChatRequest;
import dev.ladder.pipeline.Exchanges;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The classifiers side by side: the heuristic, the embedding kNN path (MiniLM in process) on a 500-token
 * prompt, and the chains on a realistic mix (half short asks, a third mid-size, a sixth long technical
 * prompts), whose average is what classification costs per request.
 *
 * <p>Run: {@code ./ladder bench ClassifierChainBenchmark -f 1 -wi 2 -i 3 -w 1s -r 2s}
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.SampleTime, Mode.AverageTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ClassifierChainBenchmark {

    static final String SENTENCE = "The service stores each order in a ledger, replicates it to two regions, and "
            + "retries failed writes with exponential backoff while keeping the idempotency keys consistent. ";

    HeuristicClassifier heuristic;
    KnnClassifier knn;
    KnnClassifier knnLean;
    TrainedClassifier trained;
    Classifier defaultChain;
    Classifier fullChain;
    ChatRequest prompt500;
    List<ChatRequest> mix;
    int next;

    @Setup
    public void setUp() {
        heuristic = new HeuristicClassifier(HeuristicConfig.DEFAULTS);
        knn = KnnClassifier.of(Embedders.miniLm(), Optional.empty(), KnnClassifier.DEFAULT_K);  // langchain4j run, for comparison
        trained = new TrainedClassifier(TrainedModel.loadDefault());
        defaultChain = new ClassifierChain(List.of(new ClassifierChain.Link(heuristic, 0.75),
                new ClassifierChain.Link(trained, 0)));
        KnnClassifier shipped = KnnClassifier.of(Embedders.miniLmLean(), Optional.empty(), KnnClassifier.DEFAULT_K);
        fullChain = new ClassifierChain(List.of(new ClassifierChain.Link(heuristic, 0.75),
                new ClassifierChain.Link(shipped, 0.7), new ClassifierChain.Link(trained, 0)));
        prompt500 = Exchanges.request("ladder/auto", "Review this design. " + SENTENCE.repeat(22), false);
        mix = new ArrayList<>();
        String[] simple = {"What is the capital of Peru?", "Translate 'see you tomorrow' to Italian.",
            "How many ounces are in a pound?", "Who painted the Mona Lisa?", "Convert 30 Celsius to Fahrenheit.",
            "Spell-check: 'recieve the pakage'", "Is 97 a prime number?", "Give me an antonym of 'generous'.",
            "What does CPU stand for?", "Thanks, that's perfect!"};
        String[] medium = {"Summarise the causes of the First World War in one paragraph.",
            "Write a polite reminder email about an unpaid invoice.", "Explain how DNS resolution works.",
            "Write a Python function to merge two sorted lists.", "What are the trade-offs of microservices?",
            "Explain compound interest with an example."};
        String[] complex = {"Design a multi-region payments ledger with exactly-once semantics. " + SENTENCE.repeat(6),
            "Find the race condition in this code and prove your fix correct:\n```java\nclass C { int n; void inc() "
                    + "{ n++; } }\n```\n" + SENTENCE.repeat(4),
            "Derive the closed form of the Fibonacci sequence step by step, then prove it by induction."};
        for (String s : simple) {
            mix.add(Exchanges.request("ladder/auto", s, false));
        }
        for (String s : medium) {
            mix.add(Exchanges.request("ladder/auto", s, false));
        }
        for (String s : complex) {
            mix.add(Exchanges.request("ladder/auto", s, false));
        }
        knn.classify(prompt500);
        knnLean = KnnClassifier.of(Embedders.miniLmLean(), Optional.empty(), KnnClassifier.DEFAULT_K);
        knnLean.classify(prompt500);
    }

    @Benchmark
    public Object knnLeanEmbeddingPath500Tokens() {
        return knnLean.classify(prompt500);
    }

    @Benchmark
    public Object heuristic500Tokens() {
        return heuristic.classify(prompt500);
    }

    @Benchmark
    public Object knnEmbeddingPath500Tokens() {
        return knn.classify(prompt500);
    }

    /** The shipped trained router alone (the chain's second link, which runs when the heuristic is unsure). */
    @Benchmark
    public Object trainedOnMix() {
        return trained.classify(mix.get(next++ % mix.size()));
    }

    @Benchmark
    public Object defaultChainOnMix() {
        return defaultChain.classify(mix.get(next++ % mix.size()));
    }

    @Benchmark
    public Object heuristicKnnTrainedChainOnMix() {
        return fullChain.classify(mix.get(next++ % mix.size()));
    }
}
