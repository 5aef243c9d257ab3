package dev.ladder.validate;

import static dev.ladder.validate.Exchanges.answer;
import static dev.ladder.validate.Exchanges.ask;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ladder.model.Failure;
import dev.ladder.model.Usage;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SelfEvaluatorTest {

    private static final Duration TIMEOUT = Duration.ofMillis(300);

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            8                                          | 8
            8.                                         | 8
            Score: 8/10                                | 8
            **Rating: 7**                              | 7
            I would rate this answer 9 out of 10.      | 9
            {"score": 6, "reason": "misses a step"}    | 6
            {"rating": "10"}                           | 10
            10/10                                      | 10
            7.5                                        | 7.5
            rating = 3                                 | 3
            """)
    void ratingsAreReadInTheFormsJudgesWrite(String said, double rating) {
        assertThat(JudgeScores.parse(said)).isEqualTo(OptionalDouble.of(rating));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "The answer looks fine to me.", "85", "0", "11/10", "{\"verdict\": \"good\"}",
        "{not json", "Step 1 adds 16 and 3 to get 19"})
    void anythingElseIsNoRating(String said) {
        assertThat(JudgeScores.parse(said)).isEmpty();
    }

    @Test
    void aHighRatingPassesWithTheRatingAsScoreAndTheJudgesUsageIsCharged() {
        SelfEvaluator judge = new SelfEvaluator(FakeJudge.saying("Score: 8/10"), FakeJudge.MODEL, TIMEOUT, 7);

        SelfEvaluator.Judgement j = judge.judge(ask("What is 2 + 2?"), answer("4"));

        assertThat(j.verdict()).isEqualTo(new Verdict.Pass(0.8, "rated 8/10 by judge"));
        assertThat(j.charge()).contains(new Charge(FakeJudge.MODEL, new Usage(120, 2)));
    }

    @Test
    void aLowRatingFailsWithAMessageForTheNextModel() {
        SelfEvaluator judge = new SelfEvaluator(FakeJudge.saying("3"), FakeJudge.MODEL, TIMEOUT, 7);

        Verdict v = judge.validate(ask("What is 2 + 2?"), answer("5"));

        assertThat(v).isEqualTo(new Verdict.Fail(Reason.SELF_EVAL, 0.3,
                "a reviewer rated your answer 3/10 for this question; check it for mistakes and answer again"));
    }

    @Test
    void theJudgeIsShownTheQuestionAndTheAnswerAndAskedForANumber() {
        FakeJudge fake = FakeJudge.saying("9");
        new SelfEvaluator(fake, FakeJudge.MODEL, TIMEOUT, 7).validate(ask("What is 2 + 2?"), answer("4"));

        assertThat(fake.asked).singleElement().satisfies(r -> {
            assertThat(r.messages().getFirst().text()).isEqualTo(SelfEvaluator.INSTRUCTIONS);
            assertThat(r.lastUserText()).isEqualTo("QUESTION:\nWhat is 2 + 2?\n\nANSWER:\n4\n\nRating (1-10):");
            assertThat(r.maxTokens()).hasValue(SelfEvaluator.JUDGE_MAX_TOKENS);
            assertThat(r.temperature()).hasValue(0);
        });
    }

    @Test
    void aJudgeThatIsLateIsNotApplicableAndItsCallIsInterrupted() throws InterruptedException {
        // the judge would answer only after a day: the verdict can only come from the timeout, and the
        // interrupt is what ends the judge's call
        FakeJudge slow = FakeJudge.slow(Duration.ofDays(1));
        SelfEvaluator judge = new SelfEvaluator(slow, FakeJudge.MODEL, Duration.ofMillis(100), 7);

        SelfEvaluator.Judgement j = judge.judge(ask("q"), answer("a"));

        assertThat(j.verdict()).isEqualTo(new Verdict.NotApplicable("the judge judge did not answer within 100 ms"));
        assertThat(j.charge()).isEmpty();
        assertThat(slow.interrupted.await(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aJudgeThatFailsIsNotApplicable() {
        SelfEvaluator judge = new SelfEvaluator(FakeJudge.failing(new Failure.UpstreamError("fake", 503, "overloaded")),
                FakeJudge.MODEL, TIMEOUT, 7);

        assertThat(judge.validate(ask("q"), answer("a")))
                .isEqualTo(new Verdict.NotApplicable("the judge judge failed: overloaded"));
    }

    @Test
    void aJudgeThatRamblesIsNotApplicableButItsCallIsStillCharged() {
        SelfEvaluator judge = new SelfEvaluator(FakeJudge.saying("Well, it depends on what you mean by correct."),
                FakeJudge.MODEL, TIMEOUT, 7);

        SelfEvaluator.Judgement j = judge.judge(ask("q"), answer("a"));

        assertThat(j.verdict()).isInstanceOf(Verdict.NotApplicable.class);
        assertThat(j.charge()).isPresent();
    }

    @Test
    void anEmptyAnswerIsNotSentToTheJudge() {
        FakeJudge fake = FakeJudge.saying("9");

        assertThat(new SelfEvaluator(fake, FakeJudge.MODEL, TIMEOUT, 7).judge(ask("q"), answer(" ")))
                .isEqualTo(new SelfEvaluator.Judgement(new Verdict.NotApplicable("no text to judge"), Optional.empty()));
        assertThat(fake.asked).isEmpty();
    }

    @Test
    void theMinimumScoreIsOnTheJudgesScale() {
        assertThatThrownBy(() -> new SelfEvaluator(FakeJudge.saying("9"), FakeJudge.MODEL, TIMEOUT, 0.7))
                .hasMessageContaining("min_score");
        assertThatThrownBy(() -> new SelfEvaluator(FakeJudge.saying("9"), FakeJudge.MODEL, Duration.ZERO, 7))
                .hasMessageContaining("timeout");
    }
}
