package dev.ladder.validate;

import java.util.List;
import org.junit.jupiter.api.Test;

class Gsm8kProbeTest {
    @Test
    void probe() {
        List<Gsm8k.Row> rows = Gsm8k.rowsOrSkip();
        var rules = List.<Rule>of(new Rule.FinalAnswer(List.of("####", "the answer is")),
                new Rule.NumericRange(java.util.OptionalDouble.of(0), java.util.OptionalDouble.empty(), true),
                new Rule.ArithmeticChecks());
        for (Rule r : rules) {
            report(rows, new RuleValidator(List.of(r)), r.toString());
        }
        report(rows, new RuleValidator(rules), "all");
        int agree = 0;
        for (Gsm8k.Row row : rows) {
            var f = FinalNumber.in(row.weakAnswer(), FinalNumber.DEFAULT_MARKERS);
            boolean eq = f.isPresent() && f.get().value().compareTo(row.gold()) == 0;
            if (eq == row.weakCorrect()) agree++;
        }
        System.out.println("extraction agrees " + agree + "/" + rows.size());
    }

    static void report(List<Gsm8k.Row> rows, Validator v, String name) {
        int tp = 0, fp = 0, fn = 0;
        int shown = 0;
        for (Gsm8k.Row row : rows) {
            boolean flag = v.validate(Exchanges.ask(row.question()), Exchanges.answer(row.weakAnswer())) instanceof Verdict.Fail;
            boolean wrong = !row.weakCorrect();
            if (flag && wrong) tp++; else if (flag) { fp++; if (shown++ < 14 && name.contains("Arith")) { System.out.println("FP: " + v.validate(Exchanges.ask(row.question()), Exchanges.answer(row.weakAnswer())).summary()); System.out.println("   TEXT: " + row.weakAnswer().substring(Math.max(0,row.weakAnswer().length()-350)).replace("\n"," | ")); } }
            else if (wrong) fn++;
        }
        System.out.printf("%-60s flagged=%d tp=%d precision=%.3f recall=%.3f%n", name, tp + fp, tp, tp / (double) (tp + fp), tp / (double) (tp + fn));
    }
}
