package dev.ladder.providers.simulated;

import static dev.ladder.providers.simulated.Fixtures.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ladder.model.ChatRequest;
import dev.ladder.model.ChatResponse;
import dev.ladder.model.Failure;
import dev.ladder.model.LadderException;
import dev.ladder.providers.simulated.SimulatedModelConfig.Answer;
import dev.ladder.providers.simulated.SimulatedModelConfig.FailureRates;
import dev.ladder.providers.simulated.SyntheticLogprobs.TokenLogprob;
import dev.ladder.testing.Required;
import dev.ladder.wire.Csv;
import dev.ladder.wire.Tokens;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class SimulatedEngineTest {

    private static final Path FIXTURE = Fixtures.resource("replay-fixture.csv");

    private final RecordingSleeper sleeper = new RecordingSleeper();

    private ChatResponse answer(SimulatedModelConfig config, ChatRequest request) {
        return Fixtures.engine(Map.of(request.model(), config), sleeper).start(request, request.model()).plan()
                .response();
    }

    @Test
    void aCannedModelSaysItsText() {
        assertThat(answer(Fixtures.canned("Forty-two."), request("m", "anything")).text()).isEqualTo("Forty-two.");
    }

    @Test
    void anEchoModelRepeatsTheLastUserMessage() {
        SimulatedModelConfig echo = SimulatedModelConfig.DEFAULTS;

        assertThat(answer(echo, request("m", "ping")).text()).isEqualTo("You said: ping");
    }

    @Test
    void aReplayModelAnswersWithTheRecordedAnswerOfItsColumn() {
        ChatRequest question = request("m", "What is 2 + 2?");

        assertThat(answer(Fixtures.replay(FIXTURE, "weak_response", ""), question).text())
                .isEqualTo(" 2 + 2 = 4.\n#### 4");
        assertThat(answer(Fixtures.replay(FIXTURE, "strong_response", ""), question).text())
                .isEqualTo("Two plus two is four.\n\n#### 4");
    }

    @Test
    void aReplayModelFallsBackToItsTextThenToAnEcho() {
        ChatRequest unknown = request("m", "What is the capital of France?");

        assertThat(answer(Fixtures.replay(FIXTURE, "strong_response", "I cannot say."), unknown).text())
                .isEqualTo("I cannot say.");
        assertThat(answer(Fixtures.replay(FIXTURE, "strong_response", ""), unknown).text())
                .isEqualTo("You said: What is the capital of France?");
    }

    @Test
    void aReplayFileThatCannotBeReadFailsTheCallNamingTheFile() {
        SimulatedModelConfig missing = Fixtures.replay(Path.of("no/such/file.csv"), "strong_response", "");

        assertThatThrownBy(() -> answer(missing, request("m", "hi"))).isInstanceOf(ReplayUnavailableException.class)
                .hasMessageContaining("file.csv");
    }

    @Test
    void aGsm8kQuestionReplaysMixtralsAndGpt4sRecordedAnswers() throws IOException {
        Path csv = Required.sharedData("routellm/gsm8k/gsm8k_responses.csv");
        String question = "A robe takes 2 bolts of blue fiber and half that much white fiber.  "
                + "How many bolts in total does it take?";
        List<List<String>> rows = Csv.read(Files.newBufferedReader(csv));
        List<String> header = rows.getFirst();
        List<String> row = rows.stream().filter(r -> r.getFirst().equals(question)).findFirst().orElseThrow();
        String weakColumn = "mistralai/Mixtral-8x7B-Instruct-v0.1_response";
        String strongColumn = "gpt-4-1106-preview_response";

        ChatRequest request = request("m", question);
        String weak = answer(Fixtures.replay(csv, weakColumn, ""), request).text();
        String strong = answer(Fixtures.replay(csv, strongColumn, ""), request).text();

        assertThat(rows).hasSize(1320);
        assertThat(weak).isEqualTo(row.get(header.indexOf(weakColumn))).startsWith(" A robe takes 2 bolts");
        assertThat(strong).isEqualTo(row.get(header.indexOf(strongColumn)))
                .startsWith("The robe takes 2 bolts of blue fiber");
    }

    @Test
    void usageIsCountedWithTheTokenizer() {
        ChatRequest request = request("m", "Count my tokens, please.");

        ChatResponse r = answer(Fixtures.canned(Fixtures.CANNED), request);

        assertThat(r.usage()).hasValueSatisfying(u -> {
            assertThat(u.promptTokens()).isEqualTo(Tokens.promptTokens(request));
            assertThat(u.completionTokens()).isEqualTo(Tokens.count(Fixtures.CANNED));
        });
        assertThat(r.finishReason()).contains("stop");
    }

    @Test
    void maxTokensTruncatesTheAnswerWithFinishReasonLength() {
        ChatResponse r = answer(Fixtures.canned(Fixtures.CANNED), request("m", "x", b -> b.put("max_tokens", 5)));

        assertThat(r.finishReason()).contains("length");
        assertThat(r.usage().orElseThrow().completionTokens()).isEqualTo(5);
        assertThat(Fixtures.CANNED).startsWith(r.text());
        assertThat(Tokens.count(r.text())).isEqualTo(5);
    }

    @Test
    void maxCompletionTokensWinsOverMaxTokens() {
        ChatResponse r = answer(Fixtures.canned(Fixtures.CANNED),
                request("m", "x", b -> b.put("max_tokens", 50).put("max_completion_tokens", 3)));

        assertThat(r.usage().orElseThrow().completionTokens()).isEqualTo(3);
        assertThat(r.finishReason()).contains("length");
    }

    @Test
    void aLimitAtOrAboveTheAnswerLengthStopsNormally() {
        int length = Tokens.count(Fixtures.CANNED);

        ChatResponse r = answer(Fixtures.canned(Fixtures.CANNED), request("m", "x", b -> b.put("max_tokens", length)));

        assertThat(r.text()).isEqualTo(Fixtures.CANNED);
        assertThat(r.finishReason()).contains("stop");
    }

    @Test
    void logprobsHaveOpenAisShapeWithOneEntryPerToken() {
        ChatResponse r = answer(Fixtures.canned("Paris is the capital of France."),
                request("m", "x", b -> b.put("logprobs", true).put("top_logprobs", 3)));

        JsonNode content = r.choices().getFirst().logprobs().get("content");
        assertThat(content.size()).isEqualTo(r.usage().orElseThrow().completionTokens());
        StringBuilder joined = new StringBuilder();
        for (JsonNode e : content) {
            assertThat(e.get("token").isTextual()).isTrue();
            assertThat(e.get("logprob").asDouble()).isNegative();
            assertThat(e.get("bytes").isArray()).isTrue();
            assertThat(e.get("top_logprobs")).hasSize(3);
            assertThat(e.get("top_logprobs").get(0).get("logprob").asDouble())
                    .isGreaterThanOrEqualTo(e.get("top_logprobs").get(2).get("logprob").asDouble());
            joined.append(e.get("token").asText());
        }
        assertThat(joined.toString()).isEqualTo(r.text());
        assertThat(r.choices().getFirst().logprobs().has("refusal")).isTrue();
    }

    @Test
    void logprobsNeedBothTheRequestAndTheModel() {
        SimulatedModelConfig without = new SimulatedModelConfig(Fixtures.TTFT, 50, Answer.canned("Hi."),
                FailureRates.NONE, false);

        assertThat(answer(Fixtures.canned("Hi."), request("m", "x")).choices().getFirst().logprobs()).isNull();
        assertThat(answer(without, request("m", "x", b -> b.put("logprobs", true))).choices().getFirst().logprobs())
                .isNull();
    }

    @Test
    void logprobsAreTheSameForTheSameText() {
        List<TokenLogprob> a = logprobs("The answer is 42.");
        List<TokenLogprob> b = logprobs("The answer is 42.");

        assertThat(a).extracting(TokenLogprob::logprob).isEqualTo(b.stream().map(TokenLogprob::logprob).toList());
        assertThat(a).extracting(TokenLogprob::logprob)
                .isNotEqualTo(logprobs("The answer is 43.").stream().map(TokenLogprob::logprob).toList());
    }

    @Test
    void aHedgedAnswerIsMuchLessConfidentThanAPlainOne() {
        String plain = "The train leaves at nine and arrives at noon, three hours later, on platform four.";
        String hedged = "I'm not sure, but the train leaves at nine and arrives at noon, three hours later.";

        double plainMean = mean(logprobs(plain));
        double hedgedMean = mean(logprobs(hedged));

        assertThat(SyntheticLogprobs.hedged(hedged)).isTrue();
        assertThat(SyntheticLogprobs.hedged(plain)).isFalse();
        assertThat(plainMean).isBetween(-0.2, 0.0);
        assertThat(hedgedMean).isLessThan(-0.4);
    }

    @Test
    void anUnknownModelIsAnUnknownModelFailure() {
        SimulatedEngine engine = Fixtures.engine(Map.of("m", Fixtures.canned("x")), sleeper);

        assertThatThrownBy(() -> engine.start(request("other", "x"), "other")).isInstanceOf(LadderException.class)
                .extracting(e -> ((LadderException) e).failure()).isInstanceOf(Failure.UnknownModel.class);
    }

    @Test
    void aSeededEngineRepeatsItsIdsAndOutcomes() {
        Map<String, SimulatedModelConfig> models = Map.of("m",
                Fixtures.failing(new FailureRates(0.2, 0.2, 0.2, 0.2)));
        SimulatedEngine first = Fixtures.engine(models, sleeper);
        SimulatedEngine second = Fixtures.engine(models, sleeper);

        for (int i = 0; i < 20; i++) {
            Plan a = first.start(request("m", "x"), "m").plan();
            Plan b = second.start(request("m", "x"), "m").plan();
            assertThat(a.id()).isEqualTo(b.id()).startsWith("chatcmpl-sim-");
            assertThat(a.outcome()).isEqualTo(b.outcome());
        }
    }

    @Test
    void failuresAreDrawnAtTheirConfiguredRates() {
        SimulatedEngine engine = Fixtures.engine(Map.of("m", Fixtures.failing(
                new FailureRates(0.1, 0.2, 0.05, 0.15, 0.05, 0.1, 0.05))), sleeper);
        int[] counts = new int[8];
        int calls = 5_000;
        for (int i = 0; i < calls; i++) {
            counts[switch (engine.start(request("m", "x"), "m").plan().outcome()) {
                case Outcome.ServerError e -> 0;
                case Outcome.RateLimited r -> 1;
                case Outcome.Hang h -> 2;
                case Outcome.Cut c -> 3;
                case Outcome.Reset r -> 4;
                case Outcome.Stall s -> 5;
                case Outcome.Malformed m -> 6;
                case Outcome.Answer a -> 7;
            }]++;
        }

        double[] expected = {0.10, 0.20, 0.05, 0.15, 0.05, 0.10, 0.05, 0.30};
        for (int i = 0; i < expected.length; i++) {
            assertThat(counts[i] / (double) calls).as("outcome %d", i).isCloseTo(expected[i], Offset.offset(0.02));
        }
    }

    @Test
    void aStallOrAMalformedChunkMayStrikeBeforeTheFirstContentButACutNever() {
        SimulatedEngine engine = Fixtures.engine(Map.of("m", Fixtures.failing(
                new FailureRates(0, 0, 0, 0.34, 0, 0.33, 0.33))), sleeper);
        int cutAtZero = 0;
        int otherAtZero = 0;
        for (int i = 0; i < 3_000; i++) {
            switch (engine.start(request("m", "x"), "m").plan().outcome()) {
                case Outcome.Cut c -> cutAtZero += c.afterPieces() == 0 ? 1 : 0;
                case Outcome.Stall s -> otherAtZero += s.afterPieces() == 0 ? 1 : 0;
                case Outcome.Malformed m -> otherAtZero += m.atPiece() == 0 ? 1 : 0;
                default -> { }
            }
        }

        assertThat(cutAtZero).isZero();
        assertThat(otherAtZero).isPositive();
    }

    private static List<TokenLogprob> logprobs(String text) {
        return SyntheticLogprobs.DEFAULT.of(text, TokenizedText.of(text).tokens(), 0);
    }

    private static double mean(List<TokenLogprob> entries) {
        return entries.stream().mapToDouble(TokenLogprob::logprob).average().orElseThrow();
    }
}
