package dev.ladder.validate;

import static dev.ladder.validate.Exchanges.answer;
import static dev.ladder.validate.Exchanges.ask;
import static dev.ladder.validate.Exchanges.json;
import static dev.ladder.validate.Exchanges.response;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ladder.model.ChatResponse;
import java.math.BigDecimal;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RuleValidatorTest {

    /** Mixtral's recorded GSM8K answer to the first test question (correct; gold 18). */
    static final String DUCKS = """
             Janet starts with 16 eggs per day.
            She eats 3 for breakfast, so she has 16 - 3 = 13 eggs left.
            She uses 4 for baking, so she has 13 - 4 = 9 eggs left.
            She sells these 9 eggs at the farmers' market for 9 * $2 = $<<9*2=18>>18.
            #### 18""";
    /** Mixtral's recorded answer with a wrong step (graded wrong). */
    static final String JUDY = """
             Judy teaches 5 classes * 15 students = <<5*15=75>>75 students per day on weekdays.
            On Saturday, she teaches 8 classes * 15 students = <<8*15=120>>120 students.
            In a week, she teaches 5 * 75 + 120 = <<5*75+120=675+120=795>>795 students.
            Since she charges $15.00 per student, she makes 795 students * $15.00 = $<<795*15=11925>>11,925 in a week.
            #### 11925""";
    /** Mixtral's recorded answer that rounds to a non-integer (graded wrong). */
    static final String ROOT_BEER = """
             Finally, with 3 people at the party sharing the remaining root beer equally, each person got \
            8 / 3 = <<8/3=2.6666666666666665>>2.67 gallons.
            #### 2.67""";

    @Test
    void aCorrectWorkedAnswerPassesEveryMathRule() {
        RuleValidator math = new RuleValidator(List.of(new Rule.FinalAnswer(List.of("####")),
                new Rule.NumericRange(OptionalDouble.of(0), OptionalDouble.empty(), true), new Rule.ArithmeticChecks()));

        assertThat(math.validate(ask("Janet's ducks ..."), answer(DUCKS))).isEqualTo(new Verdict.Pass(1.0, "3 rules hold"));
    }

    @Test
    void aWrongStepIsQuotedWithItsRightValue() {
        RuleValidator arithmetic = new RuleValidator(List.of(new Rule.ArithmeticChecks()));

        Verdict v = arithmetic.validate(ask("Judy teaches dance classes ..."), answer(JUDY));

        assertThat(v).isInstanceOfSatisfying(Verdict.Fail.class, f -> {
            assertThat(f.reason()).isEqualTo(Reason.RULE);
            assertThat(f.message()).isEqualTo("your answer broke a rule: its arithmetic is wrong: "
                    + "\"<<5*75+120=675+120=795>>\" is wrong: it is 495, \"5 * 75 + 120 =  795\" is wrong: it is 495");
        });
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            16 - 3 = 13                        | true
            8 / 3 = 2.67                       | true
            8 / 3 = 2.66                       | true
            5 * 75 = 374                       | false
            2 x 3 = 6                          | true
            16 \\* 3/4 = 12                    | true
            4 x $10 + 6 x $20 = $40 + $120     | true
            $40 + $120 = $160                  | true
            1,350 + 2,100 = 3,450              | true
            1,350 + 2,100 = 3,550              | false
            -6 + 3 = -3                        | true
            2(4 + 8) = 24                      | true
            30% of 120 = 36                    | true
            100 - 20% = 80                     | true
            288 minutes = 288/60 hours         | true
            <<40/36=1.1111111111111112>>       | true
            <<90/450=0.2*100=20>>              | true
            <<2*27-5=52>>                      | false
            """)
    void writtenCalculationsAreCheckedAndLooseWritingIsNot(String text, boolean right) {
        assertThat(Arithmetic.mistakes(text)).as(text).hasSize(right ? 0 : 1);
    }

    @Test
    void aNonIntegerFinalAnswerBreaksTheIntegerRule() {
        RuleValidator whole = new RuleValidator(List.of(new Rule.NumericRange(OptionalDouble.empty(),
                OptionalDouble.empty(), true)));

        assertThat(whole.validate(ask("Fred made root beer ..."), answer(ROOT_BEER)))
                .isInstanceOfSatisfying(Verdict.Fail.class, f -> assertThat(f.message())
                        .endsWith("the final answer must be a whole number, it was 2.67"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            So she makes $18 every day.\\n#### 18                    | 18
            The answer is 1,200.                                     | 1200
            Final answer: -4                                         | -4
            So the total is $3,450 and the difference is $100.       | 100
            The answer is \\\\boxed{42}.                            | 42
            #### 72 clips. (Step 3 used 48 / 2 = 24.)                | 72
            16 - 3 = 13                                              | 13
            """)
    void theFinalNumberFollowsTheLastMarkerOrEndsTheText(String text, String expected) {
        String unescaped = text.replace("\\n", "\n").replace("\\\\", "\\");
        assertThat(FinalNumber.in(unescaped, FinalNumber.DEFAULT_MARKERS).orElseThrow().value())
                .isEqualByComparingTo(new BigDecimal(expected));
    }

    @Test
    void theFinalNumberMustBeInRange() {
        RuleValidator percent = new RuleValidator(List.of(new Rule.NumericRange(OptionalDouble.of(0),
                OptionalDouble.of(100), false)));

        assertThat(percent.validate(ask("What share ...?"), answer("The answer is 35.5"))).isInstanceOf(Verdict.Pass.class);
        assertThat(percent.validate(ask("What share ...?"), answer("The answer is 135")))
                .isInstanceOfSatisfying(Verdict.Fail.class, f -> assertThat(f.message())
                        .endsWith("the final answer must be at most 100, it was 135"));
        assertThat(percent.validate(ask("What share ...?"), answer("About a third.")))
                .isInstanceOfSatisfying(Verdict.Fail.class, f -> assertThat(f.message())
                        .endsWith("it must end with a numeric answer"));
    }

    @Test
    void aMissingFinalAnswerMarkerIsNamed() {
        RuleValidator format = new RuleValidator(List.of(new Rule.FinalAnswer(List.of("####", "The answer is"))));

        assertThat(format.validate(ask("q"), answer("She has 16 - 3 = 13 eggs, then 13 - 4 = 9 eggs, for 9 * 2 = 18.")))
                .isInstanceOfSatisfying(Verdict.Fail.class, f -> assertThat(f.message())
                        .endsWith("it must end with the final answer as a number after \"####\""));
        assertThat(format.validate(ask("q"), answer("The answer is 18."))).isInstanceOf(Verdict.Pass.class);
        assertThat(format.validate(ask("q"), answer("#### eighteen"))).isInstanceOf(Verdict.Fail.class);
    }

    @Test
    void aFinalAnswerThatNoCalculationProducedIsSuspect() {
        RuleValidator arithmetic = new RuleValidator(List.of(new Rule.ArithmeticChecks()));

        assertThat(arithmetic.validate(ask("q"), answer("2 + 1/2 = 2.5 bolts. You can't have half a bolt.\n#### 3")))
                .isInstanceOfSatisfying(Verdict.Fail.class, f -> assertThat(f.message())
                        .endsWith("its final answer 3 is not the result of any calculation it shows"));
        assertThat(arithmetic.validate(ask("q"), answer("7/20 = 0.35, so 35% of the puppies.\n#### 35")))
                .isInstanceOf(Verdict.Pass.class);
        assertThat(arithmetic.validate(ask("q"), answer("Paris has about 2 million people.")))
                .isInstanceOf(Verdict.Pass.class);
    }

    @Test
    void lengthIsCountedInCharactersOrTokens() {
        RuleValidator chars = new RuleValidator(List.of(new Rule.Length(5, 20, Rule.Length.Unit.CHARS)));
        RuleValidator tokens = new RuleValidator(List.of(new Rule.Length(1, 3, Rule.Length.Unit.TOKENS)));

        assertThat(chars.validate(ask("q"), answer("  Canberra.  "))).isInstanceOf(Verdict.Pass.class);
        assertThat(chars.validate(ask("q"), answer("Yes")))
                .isInstanceOfSatisfying(Verdict.Fail.class, f -> assertThat(f.message())
                        .endsWith("it must be at least 5 characters long, it was 3"));
        assertThat(tokens.validate(ask("q"), answer("Canberra"))).isInstanceOf(Verdict.Pass.class);
        assertThat(tokens.validate(ask("q"), answer("The capital of Australia is Canberra.")))
                .isInstanceOfSatisfying(Verdict.Fail.class, f -> assertThat(f.message()).contains("at most 3 tokens"));
    }

    @Test
    void keywordsPatternsAndMatchesAreCheckedTogetherAndEveryViolationIsListed() {
        RuleValidator support = new RuleValidator(List.of(new Rule.Required(List.of("refund", "order number")),
                new Rule.Forbidden(List.of("(?i)\\bguarantee[ds]?\\b")),
                new Rule.MustMatch(List.of("(?m)^Best regards,$"))));

        Verdict good = support.validate(ask("Write the reply"), answer("""
                Your Refund for order number 1234 is on its way.
                Best regards,"""));
        Verdict bad = support.validate(ask("Write the reply"), answer("We guarantee a refund by Friday."));

        assertThat(good).isEqualTo(new Verdict.Pass(1.0, "3 rules hold"));
        assertThat(bad).isInstanceOfSatisfying(Verdict.Fail.class, f -> {
            assertThat(f.score()).isZero();
            assertThat(f.message()).isEqualTo("your answer broke rules: it must mention \"order number\"; it must not "
                    + "contain \"guarantee\"; it must match /(?m)^Best regards,$/");
        });
    }

    @Test
    void theScoreOfAFailureIsTheShareOfRulesThatHold() {
        RuleValidator two = new RuleValidator(List.of(new Rule.Required(List.of("refund")),
                new Rule.Length(0, 10, Rule.Length.Unit.CHARS)));

        assertThat(two.validate(ask("q"), answer("a refund is coming, promise")))
                .isInstanceOfSatisfying(Verdict.Fail.class, f -> assertThat(f.score()).isEqualTo(0.5));
    }

    @Test
    void aToolCallWithoutTextIsNotJudgedByTextRules() {
        ChatResponse toolCall = response(new ChatResponse.Choice(0, null, json("[{\"id\": \"c\", \"type\": \"function\"}]"),
                null, "tool_calls", null));

        assertThat(new RuleValidator(List.of(new Rule.Required(List.of("x")))).validate(ask("q"), toolCall))
                .isInstanceOf(Verdict.NotApplicable.class);
    }

    @Test
    void rulesThatCouldNeverWorkAreRejected() {
        assertThatThrownBy(() -> new Rule.Forbidden(List.of("ok", "(unclosed")))
                .hasMessageStartingWith("'(unclosed' is not a valid regular expression");
        assertThatThrownBy(() -> new Rule.Length(10, 5, Rule.Length.Unit.CHARS)).hasMessage("max must be >= min (10)");
        assertThatThrownBy(() -> new Rule.Required(List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RuleValidator(List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
