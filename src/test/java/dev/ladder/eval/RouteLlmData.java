package dev.ladder.eval;

import dev.ladder.testing.Required;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/** The RouteLLM files in ../shared/data (passed by surefire as {@code ladder.shared.data}); absent on some machines. */
final class RouteLlmData {

    static final String WEAK = "mistralai/Mixtral-8x7B-Instruct-v0.1";
    static final String STRONG = "gpt-4-1106-preview";

    private RouteLlmData() {
    }

    static Path root() {
        return Path.of(System.getProperty("ladder.shared.data", "../shared/data"), "routellm");
    }

    /** Skips the calling test when the files are missing (fails it in CI): see {@link Required}. */
    static void require() {
        Required.sharedData("routellm/mmlu/responses");
        Required.sharedData("routellm/mmlu/contaminated_prompts.jsonl");
        Required.sharedData("routellm/gsm8k/gsm8k_responses.csv");
        Required.sharedData("routellm/gsm8k/contaminated_prompts.jsonl");
    }

    static List<Path> mmluFiles() {
        try (Stream<Path> files = Files.list(root().resolve("mmlu/responses"))) {
            return files.filter(f -> f.toString().endsWith(".csv")).sorted().toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static Path gsm8kFile() {
        return root().resolve("gsm8k/gsm8k_responses.csv");
    }

    static Set<String> contaminated() {
        return Exclusions.load(List.of(root().resolve("mmlu/contaminated_prompts.jsonl"),
                root().resolve("gsm8k/contaminated_prompts.jsonl")));
    }

    static Dataset mmlu() {
        return Dataset.load(mmluFiles(), List.of(WEAK, STRONG), contaminated());
    }

    static Dataset gsm8k() {
        return Dataset.load(List.of(gsm8kFile()), List.of(WEAK, STRONG), contaminated());
    }
}
