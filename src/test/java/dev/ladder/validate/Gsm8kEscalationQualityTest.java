package dev.ladder.validate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ladder.config.ConfigLoader;
import dev.ladder.config.LadderConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * How well a failed validation predicts that the weak model was wrong, on RouteLLM's recorded GSM8K answers:
 * the cascade's escalation quality. The policy measured is the {@code math} route of the {@code gsm8k} example
 * in docs/validation.md; single rules and a variant with hedge words are measured beside it. Prints a Markdown
 * report and writes it to {@code target/validation-gsm8k.md}. Run:
 * {@code ./mvnw -B -q test -Dtest=Gsm8kEscalationQualityTest}.
 */
class Gsm8kEscalationQualityTest {

    private static final Path DOC = Path.of("docs/validation.md");
    private static final Path REPORT = Path.of("target/validation-gsm8k.md");
    private static final Pattern EXAMPLE = Pattern.compile("```yaml\\n# example: gsm8k\\n(.*?)```", Pattern.DOTALL);
    private static final String HEDGES = "(?i)\\b(?:however|approximately|round(?:ed|ing)? (?:up|down|to)"
            + "|can't have|cannot have)\\b";

    /** Counts of one validator's fails against the weak model's correctness. */
    record Tally(String name, int n, int flagged, int caught, int wrong, int cascadeCorrect) {
        double precision() {
            return flagged == 0 ? 0 : (double) caught / flagged;
        }

        double recall() {
            return (double) caught / wrong;
        }

        String row() {
            return String.format(Locale.ROOT, "| %s | %d (%.1f%%) | %.3f | %.3f | %.1f%% |", name, flagged,
                    100.0 * flagged / n, precision(), recall(), 100.0 * cascadeCorrect / n);
        }
    }

    @Test
    void aFailedMathValidationMostlyMeansTheWeakModelWasWrong() throws IOException {
        List<Gsm8k.Row> rows = Gsm8k.rowsOrSkip();
        Map<String, Validator> candidates = new LinkedHashMap<>();
        candidates.put("**math route (docs example)**", documentedMathRoute());
        candidates.put("final_answer only", rules(new Rule.FinalAnswer(List.of("####", "the answer is"))));
        candidates.put("numeric integer >= 0 only", rules(numeric()));
        candidates.put("arithmetic only", rules(new Rule.ArithmeticChecks()));
        candidates.put("refusal only", new RefusalDetector());
        candidates.put("math route + hedge words", rules(new Rule.FinalAnswer(List.of("####", "the answer is")),
                numeric(), new Rule.ArithmeticChecks(), new Rule.Forbidden(List.of(HEDGES))));

        List<Tally> tallies = new ArrayList<>();
        candidates.forEach((name, v) -> tallies.add(tally(name, v, rows)));
        int weakRight = (int) rows.stream().filter(Gsm8k.Row::weakCorrect).count();
        int strongRight = (int) rows.stream().filter(Gsm8k.Row::strongCorrect).count();
        int finalIsGold = 0;
        int extractionAgrees = 0;
        for (Gsm8k.Row r : rows) {
            boolean equal = FinalNumber.in(r.weakAnswer(), FinalNumber.DEFAULT_MARKERS)
                    .map(f -> f.value().compareTo(r.gold()) == 0).orElse(false);
            finalIsGold += equal ? 1 : 0;
            extractionAgrees += equal == r.weakCorrect() ? 1 : 0;
        }

        StringBuilder report = new StringBuilder();
        int n = rows.size();
        report.append(String.format(Locale.ROOT, "%d questions; the weak model (Mixtral) is right on %d (%.1f%%), "
                + "the strong one (GPT-4) on %d (%.1f%%).%n%n", n, weakRight, 100.0 * weakRight / n, strongRight,
                100.0 * strongRight / n));
        report.append(String.format(Locale.ROOT, "Final-number extraction: the weak answer's final number equals the "
                + "gold answer for %d of %d; that agrees with the recorded grade for %d (%.1f%%).%n%n", finalIsGold, n,
                extractionAgrees, 100.0 * extractionAgrees / n));
        report.append("A fail predicts \"the weak model was wrong\" (").append(n - weakRight)
                .append(" wrong answers). Cascade accuracy: the strong model's recorded answer replaces every failed "
                        + "one.\n\n");
        report.append("| validator | fails (escalated) | precision | recall | cascade accuracy |\n");
        report.append("|---|---|---|---|---|\n");
        tallies.forEach(t -> report.append(t.row()).append('\n'));
        int oracle = (int) rows.stream().filter(r -> r.weakCorrect() || r.strongCorrect()).count();
        report.append(String.format(Locale.ROOT, "| (reference) a perfect validator | %d (%.1f%%) | 1 | 1 | %.1f%% |%n",
                n - weakRight, 100.0 * (n - weakRight) / n, 100.0 * oracle / n));
        report.append(String.format(Locale.ROOT, "| (reference) escalate everything | %d (100%%) | %.3f | 1 | %.1f%% |%n",
                n, (double) (n - weakRight) / n, 100.0 * strongRight / n));
        String text = report.toString();
        System.out.println(text);
        Files.createDirectories(REPORT.getParent());
        Files.writeString(REPORT, text);

        Tally best = tallies.getFirst();
        assertThat(extractionAgrees).as("final-number extraction agrees with the grades").isGreaterThan(n * 98 / 100);
        assertThat(best.precision()).as("precision of the math route").isGreaterThan(0.8);
        assertThat(best.recall()).as("recall of the math route").isGreaterThan(0.45);
        assertThat(best.cascadeCorrect()).as("the cascade beats the weak model alone").isGreaterThan(weakRight + 150);
    }

    private static Tally tally(String name, Validator v, List<Gsm8k.Row> rows) {
        int flagged = 0;
        int caught = 0;
        int wrong = 0;
        int cascade = 0;
        for (Gsm8k.Row r : rows) {
            boolean fail = v.validate(Exchanges.ask(r.question()), Exchanges.answer(r.weakAnswer()))
                    instanceof Verdict.Fail;
            flagged += fail ? 1 : 0;
            caught += fail && !r.weakCorrect() ? 1 : 0;
            wrong += r.weakCorrect() ? 0 : 1;
            cascade += (fail ? r.strongCorrect() : r.weakCorrect()) ? 1 : 0;
        }
        return new Tally(name, rows.size(), flagged, caught, wrong, cascade);
    }

    private static Validator documentedMathRoute() throws IOException {
        Matcher m = EXAMPLE.matcher(Files.readString(DOC));
        assertThat(m.find()).as("docs/validation.md has a '# example: gsm8k' block").isTrue();
        LadderConfig config = ConfigLoader.parse(m.group(1), Path.of("."), Map.of());
        assertThat(config.validation().routes()).containsKey("math");
        return Validation.of(config.validation(), name -> Optional.empty()).forRoute(Optional.of("math"));
    }

    private static Rule numeric() {
        return new Rule.NumericRange(OptionalDouble.of(0), OptionalDouble.empty(), true);
    }

    private static Validator rules(Rule... rules) {
        return new RuleValidator(List.of(rules));
    }
}
