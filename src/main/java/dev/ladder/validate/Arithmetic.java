package dev.ladder.validate;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks the worked arithmetic of an answer: every written calculation ("9 * 2 = 18", "<<9*2=18>>") must be
 * right, up to the rounding of the written result ("8 / 3 = 2.67"). A wrong step is the most common way a
 * small model gets a word problem wrong while sounding sure of itself. Calculations that mix in words or
 * units ("72 minutes * 4 = 288") are not read; neither is a result that is itself an expression ("= 288/60").
 */
final class Arithmetic {

    private static final String NUM = "\\$?\\d[\\d,]*(?:\\.\\d+)?%?";
    private static final String OP = "\\s*(?:[-+*/x×÷]|\\\\times|\\\\cdot)\\s*";
    /** An inline calculation: a number, at least one operator and number (parentheses allowed), "=", a number. */
    private static final Pattern INLINE = Pattern.compile("(?<![\\w.)(/])(-?\\(*\\s*" + NUM + "\\s*\\)*(?:" + OP
            + "\\(*\\s*" + NUM + "\\s*\\)*)+)\\s*=\\s*(-?\\$?\\d[\\d,]*+(?:\\.\\d+)?+%?+)"
            + "(?!\\s*(?:[-+*/x×÷^]|\\.\\d|/\\s*\\d)\\s*\\(?\\s*\\$?\\s*\\d)");
    /** A GSM8K calculator annotation: {@code <<expression=result>>}, possibly chained ({@code <<a=b=c>>}). */
    private static final Pattern ANNOTATION = Pattern.compile("<<([^<>]+=[^<>]+)>>");
    private static final Pattern RESULT = Pattern.compile("=\\s*\\$?\\s*(-?\\d[\\d,]*(?:\\.\\d+)?)(?![\\d,]*\\d)");

    private Arithmetic() {
    }

    /** One written calculation that does not hold. */
    record Mistake(String written, BigDecimal actual) {
        String describe() {
            return "\"" + written.strip() + "\" is wrong: it is " + Expressions.format(actual);
        }
    }

    /** The calculations in {@code text} that are wrong, in order. */
    static List<Mistake> mistakes(String answer) {
        String text = unescape(answer);
        List<Mistake> out = new ArrayList<>();
        Matcher a = ANNOTATION.matcher(text);
        while (a.find()) {
            chain(a.group(1).split("="), a.group()).ifPresent(out::add);
        }
        String plain = ANNOTATION.matcher(text).replaceAll(" ");
        Matcher m = INLINE.matcher(plain);
        while (m.find()) {
            check(m.group(1), Optional.of(m.group(2)), m.group()).ifPresent(out::add);
        }
        return out;
    }

    /** The results of the calculations in {@code text}: every number written right after an "=". */
    static List<BigDecimal> results(String answer) {
        List<BigDecimal> out = new ArrayList<>();
        Matcher m = RESULT.matcher(unescape(answer));
        while (m.find()) {
            out.add(new BigDecimal(m.group(1).replace(",", "")));
        }
        return out;
    }

    /** Markdown escapes of operators ("16 \\* 3") read as the operators. */
    private static String unescape(String text) {
        return text.replace("\\*", "*").replace("\\times", "*").replace("\\cdot", "*");
    }

    /**
     * The first wrong step of a chain of equal expressions ({@code 5*75+120=675+120=795}). A step that turns a
     * fraction into a percentage ("90/450=0.2*100=20") is loose writing, not a mistake.
     */
    private static Optional<Mistake> chain(String[] steps, String whole) {
        for (int i = 0; i + 1 < steps.length; i++) {
            Optional<BigDecimal> left = Expressions.evaluate(steps[i]);
            Optional<String> right = i + 2 == steps.length ? lastNumber(steps[i + 1]) : Optional.of(steps[i + 1]);
            Optional<BigDecimal> claimed = right.flatMap(Expressions::evaluate);
            if (left.isEmpty() || claimed.isEmpty()) {
                continue;
            }
            if (!Expressions.agree(left.get(), claimed.get())
                    && !Expressions.agree(left.get().movePointRight(2), claimed.get())) {
                return Optional.of(new Mistake(whole, left.get()));
            }
        }
        return Optional.empty();
    }

    private static Optional<Mistake> check(String expression, Optional<String> written, String whole) {
        if (written.isEmpty()) {
            return Optional.empty();
        }
        Optional<BigDecimal> actual = Expressions.evaluate(expression);
        BigDecimal claimed;
        try {
            claimed = new BigDecimal(written.get().replace(",", "").replace("$", "").replace("%", ""));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        if (actual.isEmpty() || Expressions.agree(actual.get(), claimed)) {
            return Optional.empty();
        }
        return Optional.of(new Mistake(whole, actual.get()));
    }

    private static Optional<String> lastNumber(String s) {
        Matcher m = FinalNumber.NUMBER.matcher(s);
        String last = null;
        while (m.find()) {
            last = m.group();
        }
        return Optional.ofNullable(last);
    }
}
