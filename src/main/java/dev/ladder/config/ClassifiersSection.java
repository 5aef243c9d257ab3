package dev.ladder.config;

import dev.ladder.classify.ClassifierSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads {@code routing.classifiers}: the chain, cheapest first, e.g.
 * {@code [{type: heuristic, band: 0.75}, {type: llm, model: mini, timeout: 1500ms}]}. Absent: the heuristic alone.
 */
final class ClassifiersSection {

    static final List<String> TYPES = List.of("heuristic", "knn", "trained", "llm");
    static final Map<String, List<String>> KEYS = Map.of(
            "heuristic", List.of("type", "band"),
            "trained", List.of("type", "band", "file"),
            "knn", List.of("type", "band", "exemplars", "k"),
            "llm", List.of("type", "band", "model", "timeout"));

    private ClassifiersSection() {
    }

    static List<ClassifierSpec> read(YamlTree node, List<String> modelNames, java.nio.file.Path baseDir) {
        if (!node.isPresent()) {
            return RoutingConfig.DEFAULT_CLASSIFIERS;
        }
        List<ClassifierSpec> out = new ArrayList<>();
        node.list().ifPresent(items -> {
            if (items.isEmpty()) {
                node.error("must list at least one classifier");
            }
            for (YamlTree item : items) {
                Optional<String> type = item.get("type").required().oneOf("classifier type", TYPES);
                if (type.isEmpty()) {
                    continue;
                }
                item.allowKeys(KEYS.get(type.get()));
                YamlTree bandNode = item.get("band");
                double band = bandNode.check(bandNode.number(), b -> b >= 0 && b <= 1, "must be in [0, 1]")
                        .orElse(ClassifierSpec.DEFAULT_BAND);
                switch (type.get()) {
                    case "heuristic" -> out.add(new ClassifierSpec.Heuristic(band));
                    case "knn" -> {
                        YamlTree fileNode = item.get("exemplars");
                        Optional<java.nio.file.Path> file = fileNode.isPresent()
                                ? fileNode.string().map(f -> baseDir.resolve(f).normalize())
                                : Optional.empty();
                        file.filter(f -> !java.nio.file.Files.isReadable(f))
                                .ifPresent(f -> fileNode.error("cannot read exemplars file " + f));
                        int k = item.get("k").positiveInt().orElse(dev.ladder.classify.KnnClassifier.DEFAULT_K);
                        out.add(new ClassifierSpec.Knn(file, k, band));
                    }
                    case "trained" -> {
                        YamlTree fileNode = item.get("file");
                        Optional<java.nio.file.Path> file = fileNode.isPresent()
                                ? fileNode.string().map(f -> baseDir.resolve(f).normalize())
                                : Optional.empty();
                        file.filter(f -> !java.nio.file.Files.isReadable(f))
                                .ifPresent(f -> fileNode.error("cannot read model file " + f));
                        out.add(new ClassifierSpec.Trained(file, band));
                    }
                    case "llm" -> {
                        Optional<String> model = item.get("model").required().oneOf("model", modelNames);
                        YamlTree timeoutNode = item.get("timeout");
                        Duration timeout = timeoutNode.parsed(Durations::parse)
                                .orElse(ClassifierSpec.DEFAULT_LLM_TIMEOUT);
                        model.ifPresent(m -> out.add(new ClassifierSpec.Llm(m, timeout, band)));
                    }
                    default -> throw new IllegalStateException("unreachable: " + type.get());
                }
            }
        });
        return out.isEmpty() ? RoutingConfig.DEFAULT_CLASSIFIERS : out;
    }
}
