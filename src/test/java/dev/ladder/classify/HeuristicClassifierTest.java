package dev.ladder.classify;

import static dev.ladder.classify.Requests.assistant;
import static dev.ladder.classify.Requests.message;
import static dev.ladder.classify.Requests.system;
import static dev.ladder.classify.Requests.userMessage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.ladder.model.ChatRequest;
import dev.ladder.model.Classification;
import dev.ladder.model.Role;
import dev.ladder.model.Tier;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class HeuristicClassifierTest {

    private static final String CODE_SNIPPET_QUESTION = """
            What does this print?
            ```python
            xs = [i * i for i in range(5) if i % 2]
            print(sum(xs))
            ```""";

    private final HeuristicClassifier classifier = new HeuristicClassifier(HeuristicConfig.DEFAULTS);

    static Stream<Arguments> promptTable() {
        return Stream.of(table(Tier.SIMPLE, Prompts.SIMPLE), table(Tier.MEDIUM, Prompts.MEDIUM),
                table(Tier.COMPLEX, Prompts.COMPLEX)).flatMap(s -> s);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("promptTable")
    void routesEachPromptOfTheTableToItsTier(Tier expected, String preview, String prompt) {
        assertThat(classifier.classify(Requests.user(prompt)).tier()).isEqualTo(expected);
    }

    @Test
    void agreesWithHeldOutPromptsItWasNotTunedOnAndNeverMissesByTwoTiers() {
        Map<Tier, List<String>> heldOut = Map.of(Tier.SIMPLE, Prompts.HELD_OUT_SIMPLE,
                Tier.MEDIUM, Prompts.HELD_OUT_MEDIUM, Tier.COMPLEX, Prompts.HELD_OUT_COMPLEX);
        int agreed = 0;
        int total = 0;
        for (var entry : heldOut.entrySet()) {
            for (String prompt : entry.getValue()) {
                Tier tier = classifier.classify(Requests.user(prompt)).tier();
                assertThat(Math.abs(tier.ordinal() - entry.getKey().ordinal())).as(prompt).isLessThanOrEqualTo(1);
                agreed += tier == entry.getKey() ? 1 : 0;
                total++;
            }
        }
        assertThat((double) agreed / total).isGreaterThanOrEqualTo(0.85);
    }

    @Test
    void zeroingTheCodeWeightMovesACodePromptDownATier() {
        Map<String, Double> weights = new HashMap<>(HeuristicConfig.DEFAULT_WEIGHTS);
        weights.put("code", 0.0);
        HeuristicClassifier codeBlind = new HeuristicClassifier(new HeuristicConfig(weights,
                HeuristicConfig.DEFAULT_MEDIUM_AT, HeuristicConfig.DEFAULT_COMPLEX_AT));

        Tier withCode = classifier.classify(Requests.user(CODE_SNIPPET_QUESTION)).tier();
        Tier withoutCode = codeBlind.classify(Requests.user(CODE_SNIPPET_QUESTION)).tier();

        assertThat(withCode).isEqualTo(Tier.MEDIUM);
        assertThat(withCode.isAbove(withoutCode)).isTrue();
    }

    @Test
    void thresholdsFromConfigDecideTheTier() {
        HeuristicClassifier strict = new HeuristicClassifier(
                new HeuristicConfig(HeuristicConfig.DEFAULT_WEIGHTS, 0.9, 0.95));
        String prompt = Prompts.COMPLEX.getFirst();

        assertThat(classifier.classify(Requests.user(prompt)).tier()).isEqualTo(Tier.COMPLEX);
        assertThat(strict.classify(Requests.user(prompt)).tier()).isEqualTo(Tier.SIMPLE);
    }

    @Test
    void raisingAPositiveWeightNeverLowersTheScore() {
        for (String signal : HeuristicConfig.SIGNALS) {
            if (HeuristicConfig.DEFAULT_WEIGHTS.get(signal) <= 0) {
                continue;
            }
            Map<String, Double> weights = new HashMap<>(HeuristicConfig.DEFAULT_WEIGHTS);
            weights.put(signal, 1.0);
            HeuristicClassifier heavier = new HeuristicClassifier(new HeuristicConfig(weights,
                    HeuristicConfig.DEFAULT_MEDIUM_AT, HeuristicConfig.DEFAULT_COMPLEX_AT));
            for (String prompt : Prompts.MEDIUM) {
                assertThat(heavier.classify(Requests.user(prompt)).score()).as(signal)
                        .isGreaterThanOrEqualTo(classifier.classify(Requests.user(prompt)).score());
            }
        }
    }

    @Test
    void aSimpleAskIsInhibitedBySimpleCues() {
        Map<String, Double> weights = new HashMap<>(HeuristicConfig.DEFAULT_WEIGHTS);
        weights.put("simple", 0.0);
        HeuristicClassifier uninhibited = new HeuristicClassifier(new HeuristicConfig(weights,
                HeuristicConfig.DEFAULT_MEDIUM_AT, HeuristicConfig.DEFAULT_COMPLEX_AT));
        String ask = "Translate 'good morning' to Spanish";

        assertThat(classifier.classify(Requests.user(ask)).score())
                .isLessThan(uninhibited.classify(Requests.user(ask)).score() / 2);
    }

    @Test
    void confidenceIsAboutOneHalfOnABoundaryAndNearOneFarFromIt() {
        double medium = HeuristicConfig.DEFAULT_MEDIUM_AT;
        double complex = HeuristicConfig.DEFAULT_COMPLEX_AT;

        assertThat(classifier.confidence(medium, Tier.MEDIUM)).isCloseTo(0.5, within(0.01));
        assertThat(classifier.confidence(complex, Tier.COMPLEX)).isCloseTo(0.5, within(0.01));
        assertThat(classifier.confidence(0, Tier.SIMPLE)).isGreaterThan(0.95);
        assertThat(classifier.confidence(1, Tier.COMPLEX)).isGreaterThan(0.99);
        assertThat(classifier.confidence(0.3, Tier.MEDIUM)).isGreaterThan(0.85);
    }

    @Test
    void confidenceFallsAsTheScoreNearsABoundary() {
        double previous = classifier.confidence(0, Tier.SIMPLE);
        for (double score = 0.01; score < HeuristicConfig.DEFAULT_MEDIUM_AT; score += 0.01) {
            double confidence = classifier.confidence(score, classifier.tier(score));
            assertThat(confidence).isLessThan(previous);
            previous = confidence;
        }
    }

    @Test
    void aPromptNearABoundaryIsLessConfidentThanAClearCutOne() {
        List<Classification> all = Stream.of(Prompts.SIMPLE, Prompts.MEDIUM, Prompts.COMPLEX)
                .flatMap(List::stream).map(p -> classifier.classify(Requests.user(p))).toList();
        Comparator<Classification> byDistance = Comparator.comparingDouble(c -> Math.min(
                Math.abs(c.score() - HeuristicConfig.DEFAULT_MEDIUM_AT),
                Math.abs(c.score() - HeuristicConfig.DEFAULT_COMPLEX_AT)));
        Classification nearest = all.stream().min(byDistance).orElseThrow();
        Classification farthest = all.stream().max(byDistance).orElseThrow();

        assertThat(nearest.confidence()).isLessThan(0.75).isLessThan(farthest.confidence());
        assertThat(farthest.confidence()).isGreaterThan(0.95);
    }

    @Test
    void featuresHoldEverySignalTheScoreAndTheTokens() {
        Classification c = classifier.classify(Requests.user(Prompts.JAVA_REVIEW));

        assertThat(c.features()).containsKeys(HeuristicConfig.SIGNALS.toArray(String[]::new))
                .containsKeys("score", "tokens")
                .hasSize(HeuristicConfig.SIGNALS.size() + 2);
        assertThat(c.features().get("score")).isEqualTo(c.score());
        assertThat(c.features().get("tokens")).isBetween(200.0, 400.0);
        assertThat(c.classifier()).isEqualTo(classifier.name()).isEqualTo("heuristic");
    }

    @Test
    void classifiesTheLastUserMessageAndOnlyConsultsTheSystemPrompt() {
        String task = Prompts.COMPLEX.getFirst();
        Classification asSystem = classifier.classify(Requests.conversation(system(task), userMessage("hi!")));
        Classification asAsk = classifier.classify(Requests.conversation(system("Be concise."), userMessage(task)));

        assertThat(asAsk.tier()).isEqualTo(Tier.COMPLEX);
        assertThat(asSystem.tier()).isNotEqualTo(Tier.COMPLEX);
        assertThat(asSystem.score()).isLessThan(asAsk.score() / 3);
    }

    @Test
    void aLongSystemPromptAddsOnlyABoundedShareOfLength() {
        String boilerplate = "You are a helpful assistant for Acme Corp. Answer politely and accurately. ".repeat(400);
        ChatRequest request = Requests.conversation(system(boilerplate), userMessage("What is the capital of France?"));

        Classification c = classifier.classify(request);
        assertThat(c.tier()).isEqualTo(Tier.SIMPLE);
        assertThat(c.features().get("length")).isLessThan(0.5);
    }

    @Test
    void aShortFollowUpInheritsPartOfTheEarlierTurns() {
        String followUp = "Now add unit tests for it.";
        ChatRequest conversation = Requests.conversation(userMessage(Prompts.JAVA_REVIEW),
                assistant("Here is the fixed class:\n```java\n" + "private final Map<String, Session> sessions = "
                        + "new ConcurrentHashMap<>();\n```"),
                userMessage(followUp));

        double alone = classifier.classify(Requests.user(followUp)).score();
        double inContext = classifier.classify(conversation).score();
        assertThat(inContext).isGreaterThan(alone + 0.1);
    }

    @Test
    void anAgentTurnEndingInAToolResultIsClassifiedByTheUsersAsk() {
        String ask = Prompts.COMPLEX.get(5);
        ChatRequest agentTurn = Requests.conversation(userMessage(ask), assistant(""),
                message(Role.TOOL, "{\"status\": \"ok\", \"rows\": 3}"));

        assertThat(classifier.classify(agentTurn).tier()).isEqualTo(Tier.COMPLEX);
    }

    @Test
    void aRequestWithoutUserMessagesIsClassifiedByItsLastMessage() {
        ChatRequest request = Requests.conversation(system(Prompts.COMPLEX.get(2)));

        assertThat(classifier.classify(request).tier()).isEqualTo(Tier.COMPLEX);
    }

    private static Stream<Arguments> table(Tier tier, List<String> prompts) {
        return prompts.stream().map(p -> {
            String oneLine = p.replace('\n', ' ');
            return Arguments.of(tier, oneLine.length() <= 60 ? oneLine : oneLine.substring(0, 57) + "...", p);
        });
    }
}
