package dev.ladder.validate;

import static dev.ladder.validate.Exchanges.answer;
import static dev.ladder.validate.Exchanges.ask;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ladder.model.Attempt;
import dev.ladder.model.ChatRequest;
import dev.ladder.model.ChatResponse;
import dev.ladder.model.Failure;
import dev.ladder.model.LadderException;
import dev.ladder.model.ModelSpec;
import dev.ladder.model.Price;
import dev.ladder.pipeline.ModelCalls;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class ConsensusValidatorTest {

    static final ModelSpec YI = new ModelSpec("yi", "p", "yi-34b", new Price(0.8, 0.8), 4096, Set.of());
    static final ModelSpec MISTRAL = new ModelSpec("mistral", "p", "mistral-7b", new Price(0.2, 0.2), 4096, Set.of());
    static final ChatRequest QUIZ = ask("Which is a mammal?\nA) shark\nB) whale\nC) trout\nD) eel", "{\"stream\":true}");

    /** Model calls where each model says a scripted text (or fails); records purposes and requests. */
    static final class Scripted implements ModelCalls {
        final Map<String, String> says;
        final List<Attempt.Purpose> purposes = new CopyOnWriteArrayList<>();
        final List<ChatRequest> asked = new CopyOnWriteArrayList<>();

        Scripted(Map<String, String> says) {
            this.says = says;
        }

        @Override
        public ChatResponse complete(Attempt.Purpose purpose, ModelSpec model, ChatRequest request, Duration timeout) {
            purposes.add(purpose);
            asked.add(request);
            String text = says.get(model.name());
            if (text == null) {
                throw new LadderException(new Failure.UpstreamError("p", 503, "down"));
            }
            return answer(text);
        }
    }

    static ConsensusValidator asking(ModelSpec... models) {
        return new ConsensusValidator(List.of(models), Optional.empty(), 1.0, Duration.ofSeconds(5));
    }

    @Test
    void anAnswerTheOtherModelsShareIsAcceptedAndEachSampleIsASampleAttempt() {
        Scripted calls = new Scripted(Map.of("yi", "The answer is B.", "mistral", "(B) whale"));

        Verdict v = asking(YI, MISTRAL).judge(QUIZ, answer("B"), calls);

        assertThat(v).isEqualTo(new Verdict.Pass(1.0, "3 of 3 answers agree (choice)"));
        assertThat(calls.purposes).containsExactly(Attempt.Purpose.SAMPLE, Attempt.Purpose.SAMPLE);
        assertThat(calls.asked).allSatisfy(r -> assertThat(r.stream()).isFalse());
    }

    @Test
    void aDisagreementFailsAndSaysWhatTheOthersAnswered() {
        Scripted calls = new Scripted(Map.of("yi", "C"));

        Verdict v = asking(YI).judge(QUIZ, answer("B"), calls);

        assertThat(v).isInstanceOfSatisfying(Verdict.Fail.class, f -> {
            assertThat(f.reason()).isEqualTo(Reason.DISAGREEMENT);
            assertThat(f.score()).isEqualTo(0.5);
            assertThat(f.message()).contains("1 of 2 answers agree").contains("'C'").contains("'B'");
        });
    }

    @Test
    void aMajorityPassesWhenTheThresholdAllowsIt() {
        Scripted calls = new Scripted(Map.of("yi", "B", "mistral", "C"));
        ConsensusValidator twoThirds = new ConsensusValidator(List.of(YI, MISTRAL), Optional.of(AnswerKind.CHOICE),
                0.6, Duration.ofSeconds(5));

        assertThat(twoThirds.judge(QUIZ, answer("B"), calls)).isInstanceOf(Verdict.Pass.class);
        assertThat(asking(YI, MISTRAL).judge(QUIZ, answer("B"), calls)).isInstanceOf(Verdict.Fail.class);
    }

    @Test
    void aSampleThatFailsDoesNotVoteAndWithNoVotesTheVerdictIsNotApplicable() {
        Scripted onlyYi = new Scripted(Map.of("yi", "B"));
        Scripted nobody = new Scripted(Map.of());

        assertThat(asking(YI, MISTRAL).judge(QUIZ, answer("B"), onlyYi))
                .isEqualTo(new Verdict.Pass(1.0, "2 of 2 answers agree (choice)"));
        assertThat(asking(YI, MISTRAL).judge(QUIZ, answer("B"), nobody)).isInstanceOf(Verdict.NotApplicable.class);
    }

    @Test
    void anAnswerWithNothingToCompareFailsWithoutAskingAnyone() {
        Scripted calls = new Scripted(Map.of("yi", "B"));

        Verdict v = asking(YI).judge(QUIZ, answer("Whales breathe air."), calls);

        assertThat(v).isInstanceOfSatisfying(Verdict.Fail.class, f -> assertThat(f.message()).contains("choice letter"));
        assertThat(calls.purposes).isEmpty();
    }

    @Test
    void offlineWithoutModelCallsItIsNotApplicable() {
        assertThat(asking(YI).validate(QUIZ, answer("B"))).isInstanceOf(Verdict.NotApplicable.class);
    }

    @Test
    void itsSettingsAreChecked() {
        assertThatThrownBy(() -> new ConsensusValidator(List.of(), Optional.empty(), 1, Duration.ofSeconds(1)))
                .hasMessageContaining("models");
        assertThatThrownBy(() -> new ConsensusValidator(List.of(YI), Optional.empty(), 0, Duration.ofSeconds(1)))
                .hasMessageContaining("min_agreement");
    }
}
