package dev.ladder.config;

import dev.ladder.providers.simulated.SimulatedModelConfig;
import dev.ladder.providers.simulated.SimulatedModelConfig.Answer;
import dev.ladder.providers.simulated.SimulatedModelConfig.AnswerMode;
import dev.ladder.providers.simulated.SimulatedModelConfig.FailureRates;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Reads the {@code models} of a simulated provider: per upstream model id, latency, answers and failures. */
final class SimulatedSection {

    static final List<String> KEYS = List.of("time_to_first_token", "tokens_per_second", "logprobs", "answer",
            "failures", "invalid_json");
    static final List<String> ANSWER_KEYS = List.of("mode", "text", "file", "column", "prompt_column");
    static final List<String> FAILURE_KEYS = List.of("error_500", "error_429", "timeout", "stream_cut",
            "connection_reset", "stall", "malformed_chunk");
    private static final Map<AnswerMode, List<String>> KEYS_OF_MODE = Map.of(AnswerMode.CANNED, List.of("text"),
            AnswerMode.ECHO, List.of(), AnswerMode.REPLAY, List.of("file", "column", "prompt_column", "text"));
    private static final List<String> MODES = Arrays.stream(AnswerMode.values()).map(SimulatedSection::wireName)
            .toList();
    private static final String DEFAULT_PROMPT_COLUMN = Answer.ECHO.promptColumn();

    private SimulatedSection() {
    }

    static Map<String, SimulatedModelConfig> read(YamlTree node, Path baseDir) {
        Map<String, SimulatedModelConfig> out = new LinkedHashMap<>();
        node.requiredEntries("model").forEach((id, model) -> out.put(id, readOne(model, baseDir)));
        return out;
    }

    /**
     * One model. Parts with problems (reported) fall back to defaults, so every declared model id stays known
     * to the cross-checks of {@code models}; a configuration with problems is never returned anyway.
     */
    private static SimulatedModelConfig readOne(YamlTree node, Path baseDir) {
        node.allowKeys(KEYS);
        YamlTree ttft = node.get("time_to_first_token");
        YamlTree rate = node.get("tokens_per_second");
        SimulatedModelConfig d = SimulatedModelConfig.DEFAULTS;
        var timeToFirstToken = ttft.check(ttft.parsed(Durations::parse), t -> !t.isNegative(), "must be >= 0")
                .orElse(d.timeToFirstToken());
        double tokensPerSecond = rate.check(rate.number(), r -> r > 0, "must be > 0").orElse(d.tokensPerSecond());
        boolean logprobs = node.get("logprobs").bool().orElse(d.logprobs());
        Answer answer = answer(node.get("answer"), baseDir).orElse(Answer.ECHO);
        FailureRates failures = failures(node.get("failures")).orElse(FailureRates.NONE);
        YamlTree invalid = node.get("invalid_json");
        double invalidJson = invalid.check(invalid.number(), v -> v >= 0 && v <= 1, "must be in 0..1").orElse(0.0);
        return node.build(() -> new SimulatedModelConfig(timeToFirstToken, tokensPerSecond, answer, failures,
                logprobs, invalidJson)).orElse(d);
    }

    /** The answer; {@link Answer#ECHO} when absent, empty when it has problems (reported). */
    private static Optional<Answer> answer(YamlTree node, Path baseDir) {
        node.allowKeys(ANSWER_KEYS);
        if (!node.isPresent()) {
            return Optional.of(Answer.ECHO);
        }
        Optional<AnswerMode> mode = node.get("mode").required().oneOf("answer mode", MODES)
                .map(s -> AnswerMode.valueOf(s.toUpperCase(Locale.ROOT)));
        if (mode.isEmpty()) {
            return Optional.empty();
        }
        for (String key : ANSWER_KEYS) {
            if (!key.equals("mode") && !KEYS_OF_MODE.get(mode.get()).contains(key) && node.get(key).isPresent()) {
                node.get(key).error("is not used by answer mode " + wireName(mode.get()));
            }
        }
        YamlTree text = node.get("text");
        return switch (mode.get()) {
            case ECHO -> Optional.of(Answer.ECHO);
            case CANNED -> nonBlank(text.required()).map(Answer::canned);
            case REPLAY -> {
                Optional<Path> file = replayFile(node.get("file").required(), baseDir);
                Optional<String> column = nonBlank(node.get("column").required());
                String promptColumn = nonBlank(node.get("prompt_column")).orElse(DEFAULT_PROMPT_COLUMN);
                String fallback = text.string().orElse("");
                yield file.isEmpty() || column.isEmpty() ? Optional.empty() : node.build(() -> new Answer(
                        AnswerMode.REPLAY, fallback, file, column.get(), promptColumn));
            }
        };
    }

    private static Optional<Path> replayFile(YamlTree node, Path baseDir) {
        Optional<Path> file = node.parsed(FilePaths::parse).map(p -> baseDir.resolve(p).toAbsolutePath().normalize());
        if (file.isPresent() && !Files.isRegularFile(file.get())) {
            node.error("file does not exist: " + file.get());
            return Optional.empty();
        }
        if (file.isPresent() && !Files.isReadable(file.get())) {
            node.error("file cannot be read: " + file.get());
            return Optional.empty();
        }
        return file;
    }

    /** The failure rates; {@link FailureRates#NONE} when absent, empty when they have problems (reported). */
    private static Optional<FailureRates> failures(YamlTree node) {
        node.allowKeys(FAILURE_KEYS);
        BigDecimal sum = BigDecimal.ZERO;
        double[] rates = new double[FAILURE_KEYS.size()];
        boolean valid = true;
        for (int i = 0; i < rates.length; i++) {
            YamlTree rate = node.get(FAILURE_KEYS.get(i));
            Optional<Double> r = rate.check(rate.number(), v -> v >= 0 && v <= 1, "must be in 0..1");
            valid &= r.isPresent() || !rate.isPresent();
            rates[i] = r.orElse(0.0);
            sum = sum.add(BigDecimal.valueOf(rates[i]));
        }
        if (sum.compareTo(BigDecimal.ONE) > 0) {
            node.error("failure rates add up to " + sum.stripTrailingZeros().toPlainString()
                    + "; at most 1 is allowed");
            return Optional.empty();
        }
        return valid ? node.build(() -> new FailureRates(rates[0], rates[1], rates[2], rates[3], rates[4], rates[5],
                rates[6])) : Optional.empty();
    }

    private static Optional<String> nonBlank(YamlTree node) {
        return node.check(node.string(), s -> !s.isBlank(), "must not be empty");
    }

    private static String wireName(AnswerMode mode) {
        return mode.name().toLowerCase(Locale.ROOT);
    }
}
