package dev.ladder.classify;

import static dev.ladder.classify.Requests.assistant;
import static dev.ladder.classify.Requests.system;
import static dev.ladder.classify.Requests.userMessage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ladder.model.ChatRequest;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Each signal on its own: what raises it, what leaves it at zero. */
class SignalTest {

    private final HeuristicClassifier classifier = new HeuristicClassifier(HeuristicConfig.DEFAULTS);

    @Test
    void everySignalIsAConfigurableSignalAndViceVersa() {
        assertThat(Arrays.stream(Signal.values()).map(Signal::key).collect(Collectors.toSet()))
                .isEqualTo(HeuristicConfig.SIGNALS);
    }

    @Test
    void lengthGrowsOnALogScaleAndSaturates() {
        assertThat(signal("length", words(10))).isLessThan(0.05);
        assertThat(signal("length", words(150))).isCloseTo(0.5, within(0.1));
        assertThat(signal("length", words(500))).isCloseTo(0.83, within(0.1));
        assertThat(signal("length", words(1500))).isGreaterThan(0.9).isLessThan(1);
    }

    @Test
    void lengthReflectsTheFullTextEvenWhenOnlyPartIsScanned() {
        double whole = signal("length", words(1_500));
        double huge = signal("length", words(20_000));
        assertThat(huge).isGreaterThan(whole).isGreaterThan(0.99);
    }

    @Test
    void codeIsHighForCodeAndLowForATopicWordAlone() {
        assertThat(signal("code", Prompts.JAVA_REVIEW)).isGreaterThan(0.95);
        assertThat(signal("code", "Why does `map.get(key)` return null after I call `map.put(key, value)`?"))
                .isBetween(0.3, 0.9);
        assertThat(signal("code", "Is Python a good first language?")).isBetween(0.0, 0.2);
        assertThat(signal("code", "We walked to the lake (it was cold) and swam anyway.")).isZero();
    }

    @Test
    void codeRecognizesAStackTraceWithoutFences() {
        String trace = """
                Exception in thread "main" java.lang.NullPointerException: name is null
                    at com.acme.billing.InvoiceService.render(InvoiceService.java:41)
                    at com.acme.billing.InvoiceController.get(InvoiceController.java:18)
                """;
        assertThat(signal("code", trace)).isGreaterThan(0.8);
    }

    @Test
    void reasoningRisesWithExplicitAsksToReason() {
        assertThat(signal("reasoning", "Prove that the square root of 2 is irrational, step by step."))
                .isGreaterThan(0.75);
        assertThat(signal("reasoning", "Compare the two offers and explain the trade-offs.")).isBetween(0.6, 0.95);
        assertThat(signal("reasoning", "Tell me a joke about cats.")).isZero();
    }

    @Test
    void multiStepCountsItemsQuestionsSequencingAndTasks() {
        String listed = """
                Please do the following:
                1. Parse the CSV.
                2. Validate each row.
                3. Write the valid rows to Postgres.
                4. Report the invalid ones.""";
        assertThat(signal("multi_step", listed)).isGreaterThan(0.7);
        assertThat(signal("multi_step", "Where is it? When does it open? How much is a ticket?"))
                .isBetween(0.3, 0.8);
        assertThat(signal("multi_step", "Write a poem, then translate it, and finally explain the rhyme scheme."))
                .isGreaterThan(0.5);
        assertThat(signal("multi_step", "Write a poem about the sea.")).isZero();
    }

    @Test
    void multiStepCountsToolsOfferedToTheModel() {
        ObjectNode body = Requests.body(Requests.ALIAS);
        body.putArray("tools").addObject().put("type", "function");
        ChatRequest withTools = Requests.withBody(body, userMessage("Book me a table for two."));

        assertThat(features(withTools).get("multi_step"))
                .isGreaterThan(signal("multi_step", "Book me a table for two."));
    }

    @Test
    void domainRisesWithProfessionalVocabulary() {
        assertThat(signal("domain", "How do Raft and Paxos differ in leader election and log replication?"))
                .isGreaterThan(0.6);
        assertThat(signal("domain", "Is this indemnification clause enforceable in this jurisdiction?"))
                .isGreaterThan(0.6);
        assertThat(signal("domain", "What are the contraindications and pharmacokinetics of warfarin?"))
                .isGreaterThan(0.6);
        assertThat(signal("domain", "What should I cook for dinner tonight?")).isZero();
    }

    @Test
    void questionDepthPrefersWhyAndHowOverWhatAndWho() {
        double why = signal("question_depth", "Why does ice float on water?");
        double how = signal("question_depth", "How does a refrigerator keep food cold?");
        double what = signal("question_depth", "What is the tallest mountain?");
        double who = signal("question_depth", "Who is the president of Brazil?");
        assertThat(Math.min(why, how)).isGreaterThan(Math.max(what, who) + 0.25);
        assertThat(what).isLessThan(0.1);
    }

    @Test
    void questionDepthRisesWithNestedClauses() {
        double flat = signal("question_depth", "How does caching work?");
        double nested = signal("question_depth",
                "How does caching work when the data changes, assuming that writers never block, unless a reader "
                        + "holds a lease, and whether stale reads are allowed?");
        assertThat(nested).isGreaterThan(flat);
    }

    @Test
    void constraintsCountExplicitRequirementsOnTheAnswer() {
        assertThat(signal("constraints",
                "List at least 3 risks. Format as JSON, no more than 100 words, and do not use jargon."))
                .isGreaterThan(0.8);
        assertThat(signal("constraints", "Tell me about owls.")).isZero();
    }

    @Test
    void constraintsCountARequestedJsonSchema() {
        ObjectNode body = Requests.body(Requests.ALIAS);
        body.putObject("response_format").put("type", "json_schema");
        ChatRequest schema = Requests.withBody(body, userMessage("Extract the invoice fields."));

        assertThat(features(schema).get("constraints")).isGreaterThan(0.5);
        assertThat(signal("constraints", "Extract the invoice fields.")).isZero();
    }

    @Test
    void simpleIsHighForTrivialShortAsks() {
        for (String ask : List.of("hello!", "Translate 'cat' to French", "Convert 3 miles to km",
                "What is the capital of Peru?", "How many legs does a spider have?")) {
            assertThat(signal("simple", ask)).as(ask).isGreaterThan(0.5);
        }
        assertThat(signal("simple", "Design a fault tolerant payment service.")).isZero();
    }

    @Test
    void simpleFadesWhenTheTrivialCueSitsInALongAsk() {
        String longAsk = "What is the capital of France? " + "Then explain its history in great depth. ".repeat(12);
        assertThat(signal("simple", longAsk)).isLessThan(0.1);
    }

    @Test
    void contextNeverMakesAnAskSimple() {
        ChatRequest request = Requests.conversation(userMessage("hi"), assistant("Hello! How can I help?"),
                userMessage("Review the attached contract for liability risks."));

        assertThat(features(request).get("simple")).isZero();
    }

    @Test
    void everySignalStaysWithinZeroAndOneOnExtremeInput() {
        for (String text : List.of("", "?".repeat(10_000), "1.\n".repeat(5_000), "```\n".repeat(3_000),
                "prove derive step by step race condition must at least ".repeat(2_000))) {
            ChatRequest request = Requests.conversation(system(text), userMessage(text));
            for (String key : HeuristicConfig.SIGNALS) {
                assertThat(features(request).get(key)).as(key).isBetween(0.0, 1.0);
            }
        }
    }

    private double signal(String key, String ask) {
        return features(Requests.user(ask)).get(key);
    }

    private java.util.Map<String, Double> features(ChatRequest request) {
        return classifier.classify(request).features();
    }

    /** About {@code n} tokens of ordinary prose. */
    private static String words(int n) {
        return "the river runs past our old house ".repeat(Math.max(1, n / 7));
    }
}
