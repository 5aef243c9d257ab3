package dev.ladder.validate;

import static dev.ladder.validate.Exchanges.answer;
import static dev.ladder.validate.Exchanges.ask;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.ladder.model.ChatRequest;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class CompositeValidatorTest {

    private static final ChatRequest JSON_REQUEST = ask("Give me a user as JSON", """
            {"response_format": {"type": "json_schema", "json_schema": {"name": "user", "schema":
              {"type": "object", "required": ["name", "age"],
               "properties": {"name": {"type": "string"}, "age": {"type": "integer"}}}}}}""");

    private static CompositeValidator.Member member(String name, double weight, boolean hard, Verdict fixed) {
        return new CompositeValidator.Member(name, (req, resp) -> fixed, weight, hard);
    }

    @Test
    void theScoreIsTheWeightedMeanOfTheApplicableChecks() {
        CompositeValidator composite = new CompositeValidator(List.of(
                member("a", 3, false, new Verdict.Pass(1.0, "")),
                member("b", 1, false, new Verdict.Fail(Reason.LOW_CONFIDENCE, 0.2, "unsure")),
                member("c", 5, false, new Verdict.NotApplicable("no logprobs"))), 0.5);

        Assessment a = composite.assess(ask("q"), answer("x"));

        assertThat(a.score().orElseThrow()).isCloseTo((3 * 1.0 + 1 * 0.2) / 4, within(1e-12));
        assertThat(a.verdict()).isInstanceOfSatisfying(Verdict.Pass.class,
                p -> assertThat(p.details()).isEqualTo("a 1.00, b failed 0.20, c n/a"));
        assertThat(a.accepted()).isTrue();
        assertThat(a.feedback()).isEmpty();
        assertThat(a.checks()).extracting(Check::validator).containsExactly("a", "b", "c");
    }

    @Test
    void aNotApplicableCheckNeitherInflatesNorDeflatesTheScore() {
        List<CompositeValidator.Member> base = List.of(member("rules", 1, false,
                new Verdict.Fail(Reason.RULE, 0.4, "missing #### line")));
        CompositeValidator without = new CompositeValidator(base, 0.5);
        CompositeValidator with = new CompositeValidator(List.of(base.getFirst(),
                member("logprob", 10, false, new Verdict.NotApplicable("no logprobs"))), 0.5);

        assertThat(with.assess(ask("q"), answer("x")).score()).isEqualTo(without.assess(ask("q"), answer("x")).score());
        assertThat(with.validate(ask("q"), answer("x"))).isInstanceOf(Verdict.Fail.class);
    }

    @Test
    void belowTheThresholdTheCheckThatCostMostIsBlamedAndEveryFailureIsInTheFeedback() {
        CompositeValidator composite = new CompositeValidator(List.of(
                member("confidence", 1, false, new Verdict.Fail(Reason.LOW_CONFIDENCE, 0.4, "you were unsure")),
                member("rules", 2, false, new Verdict.Fail(Reason.RULE, 0.0, "no final answer")),
                member("refusal", 1, false, new Verdict.Pass(1.0, ""))), 0.6);

        Assessment a = composite.assess(ask("q"), answer("x"));

        assertThat(a.verdict()).isEqualTo(new Verdict.Fail(Reason.RULE, (0.4 + 0 + 1) / 4,
                "you were unsure; no final answer"));
        assertThat(a.feedback()).contains("you were unsure; no final answer");
    }

    @Test
    void aSchemaFailureFailsTheCompositeWhateverTheWeights() {
        CompositeValidator composite = new CompositeValidator(List.of(
                new CompositeValidator.Member("json_schema", new JsonSchemaValidator(), 0.01, false),
                member("refusal", 100, false, new Verdict.Pass(1.0, "")),
                member("confidence", 100, false, new Verdict.Pass(0.99, ""))), 0.1);

        Assessment a = composite.assess(JSON_REQUEST, answer("{\"name\": \"Ada\", \"age\": \"thirty-six\"}"));

        assertThat(a.score().orElseThrow()).isGreaterThan(0.99);
        assertThat(a.verdict()).isInstanceOfSatisfying(Verdict.Fail.class, f -> {
            assertThat(f.reason()).isEqualTo(Reason.SCHEMA);
            assertThat(f.message()).startsWith("your answer was not valid JSON for this schema: $.age: ");
        });
        assertThat(a.accepted()).isFalse();
    }

    @Test
    void aHardMemberFailsTheCompositeAndAWeightZeroMemberIsOnlyObserved() {
        CompositeValidator composite = new CompositeValidator(List.of(
                member("refusal", 1, true, new Verdict.Fail(Reason.REFUSAL, 0, "you refused")),
                member("observed", 0, false, new Verdict.Fail(Reason.LOW_CONFIDENCE, 0, "unsure")),
                member("rules", 5, false, new Verdict.Pass(1.0, ""))), 0.5);

        Assessment a = composite.assess(ask("q"), answer("x"));

        assertThat(a.score().orElseThrow()).isCloseTo(5.0 / 6, within(1e-12));
        assertThat(a.verdict()).isInstanceOfSatisfying(Verdict.Fail.class, f -> {
            assertThat(f.reason()).isEqualTo(Reason.REFUSAL);
            assertThat(f.message()).isEqualTo("you refused; unsure");
        });
    }

    @Test
    void whenNothingAppliesTheAnswerCannotBeJudgedAndIsAccepted() {
        CompositeValidator composite = new CompositeValidator(List.of(
                new CompositeValidator.Member("json_schema", new JsonSchemaValidator(), 1, true),
                new CompositeValidator.Member("logprob", new LogprobConfidence(0.6), 1, false)), 0.5);

        Assessment a = composite.assess(ask("Tell me a joke"), answer("Why did ..."));

        assertThat(a.verdict()).isEqualTo(new Verdict.NotApplicable("no validator applied"));
        assertThat(a.score()).isEqualTo(OptionalDouble.empty());
        assertThat(a.accepted()).isTrue();
    }

    @Test
    void theJudgeRunsLastThroughTheModelCallsAndIsSkippedAfterAHardFailure() {
        FakeJudge fake = FakeJudge.saying("9");
        CompositeValidator composite = new CompositeValidator(List.of(
                new CompositeValidator.Member("self_eval", new SelfEvaluator(FakeJudge.MODEL,
                        Duration.ofSeconds(1), 7), 1, false),
                new CompositeValidator.Member("json_schema", new JsonSchemaValidator(), 1, true)), 0.5);

        Assessment bad = composite.assess(JSON_REQUEST, answer("not json"), fake);
        Assessment good = composite.assess(JSON_REQUEST, answer("{\"name\": \"Ada\", \"age\": 36}"), fake);

        assertThat(bad.checks()).extracting(Check::validator).containsExactly("json_schema", "self_eval");
        assertThat(bad.checks().getLast().verdict())
                .isEqualTo(new Verdict.NotApplicable("skipped: the answer already failed json_schema"));
        assertThat(fake.asked).hasSize(1);
        assertThat(good.verdict()).isInstanceOf(Verdict.Pass.class);
    }

    @Test
    void aValidatorThatThrowsIsNotApplicableInsteadOfFailingTheRequest() {
        CompositeValidator composite = new CompositeValidator(List.of(
                new CompositeValidator.Member("buggy", (req, resp) -> {
                    throw new IllegalStateException("boom");
                }, 1, true),
                member("refusal", 1, false, new Verdict.Pass(1.0, ""))), 0.5);

        Assessment a = composite.assess(ask("q"), answer("x"));

        assertThat(a.checks().getFirst().verdict()).isInstanceOfSatisfying(Verdict.NotApplicable.class,
                n -> assertThat(n.why()).contains("boom"));
        assertThat(a.verdict()).isInstanceOf(Verdict.Pass.class);
    }

    @Test
    void theDecisionLogLineShowsEveryCheck() {
        CompositeValidator composite = new CompositeValidator(List.of(
                new CompositeValidator.Member("refusal", new RefusalDetector(), 1, true),
                new CompositeValidator.Member("logprob", new LogprobConfidence(0.6), 2, false)), 0.5);

        assertThat(composite.assess(ask("q"), answer("Canberra")).describe()).isEqualTo("""
                refusal(w=1.00, hard): pass (1.00): an answer
                logprob(w=2.00): n/a: the request did not ask for logprobs""");
    }

    @Test
    void membersAndThresholdsThatCouldNeverWorkAreRejected() {
        Verdict pass = new Verdict.Pass(1, "");
        assertThatThrownBy(() -> new CompositeValidator(List.of(member("a", 1, false, pass)), 1.5))
                .hasMessageContaining("threshold");
        assertThatThrownBy(() -> member("a", -1, false, pass)).hasMessageContaining("weight");
        assertThatThrownBy(() -> new CompositeValidator(List.of(member("a", 1, false, pass), member("a", 1, false, pass)),
                0.5)).hasMessageContaining("two members");
        assertThatThrownBy(() -> new Verdict.Pass(1.2, "")).hasMessageContaining("score");
        assertThatThrownBy(() -> new Verdict.Fail(Reason.RULE, 0, " ")).hasMessageContaining("blank");
        assertThat(Optional.of(new Check("x", 1, false, new Verdict.Fail(Reason.SCHEMA, 0, "bad"))))
                .hasValueSatisfying(c -> assertThat(c.failsHard()).isTrue());
    }
}
