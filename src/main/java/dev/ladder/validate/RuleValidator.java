package dev.ladder.validate;

import static java.util.Objects.requireNonNull;

import dev.ladder.model.ChatRequest;
import dev.ladder.model.ChatResponse;
import dev.ladder.wire.Tokens;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Checks the answer's text against configured {@link Rule}s. Passes (score 1) when every rule holds; fails
 * with {@link Reason#RULE}, the score being the share of rules that hold, and a message listing every
 * violation. An answer with tool calls and no text is not applicable: rules are about text.
 */
public final class RuleValidator implements Validator {

    /** At most this many arithmetic mistakes are quoted in a message. */
    static final int MAX_QUOTED_MISTAKES = 3;

    private final List<Rule> rules;
    private final List<Function<String, Optional<String>>> checks;

    public RuleValidator(List<Rule> rules) {
        this.rules = List.copyOf(requireNonNull(rules, "rules is null"));
        if (this.rules.isEmpty()) {
            throw new IllegalArgumentException("rules is empty");
        }
        this.checks = this.rules.stream().map(RuleValidator::compile).toList();
    }

    public List<Rule> rules() {
        return rules;
    }

    @Override
    public Verdict validate(ChatRequest request, ChatResponse response) {
        String text = response.text();
        if (text.isBlank() && !response.choices().isEmpty() && response.choices().getFirst().toolCalls() != null) {
            return new Verdict.NotApplicable("the answer is a tool call");
        }
        List<String> violations = new ArrayList<>();
        for (Function<String, Optional<String>> check : checks) {
            check.apply(text).ifPresent(violations::add);
        }
        if (violations.isEmpty()) {
            return new Verdict.Pass(1.0, rules.size() == 1 ? "1 rule holds" : rules.size() + " rules hold");
        }
        double score = (double) (checks.size() - violations.size()) / checks.size();
        return new Verdict.Fail(Reason.RULE, score, "your answer broke " + (violations.size() == 1 ? "a rule" : "rules")
                + ": " + String.join("; ", violations));
    }

    /** The check for one rule: empty when the text obeys it, else the violation, written to the model. */
    private static Function<String, Optional<String>> compile(Rule rule) {
        return switch (rule) {
            case Rule.Length l -> text -> length(l, text);
            case Rule.Required r -> text -> {
                String lower = text.toLowerCase(Locale.ROOT);
                List<String> missing = r.keywords().stream()
                        .filter(k -> !lower.contains(k.toLowerCase(Locale.ROOT))).toList();
                return missing.isEmpty() ? Optional.empty()
                        : Optional.of("it must mention " + quoted(missing));
            };
            case Rule.Forbidden f -> {
                List<Pattern> patterns = f.patterns().stream().map(Pattern::compile).toList();
                yield text -> patterns.stream().map(p -> p.matcher(text)).filter(Matcher::find).findFirst()
                        .map(m -> "it must not contain \"" + m.group() + "\"");
            }
            case Rule.MustMatch mm -> {
                List<Pattern> patterns = mm.patterns().stream().map(Pattern::compile).toList();
                yield text -> patterns.stream().filter(p -> !p.matcher(text).find()).findFirst()
                        .map(p -> "it must match /" + p.pattern() + "/");
            }
            case Rule.FinalAnswer fa -> text -> FinalNumber.hasMarkedNumber(text, fa.markers()) ? Optional.empty()
                    : Optional.of("it must end with the final answer as a number after \"" + fa.markers().getFirst()
                            + "\"");
            case Rule.NumericRange nr -> text -> numeric(nr, text);
            case Rule.ArithmeticChecks _ -> RuleValidator::arithmetic;
        };
    }

    private static Optional<String> length(Rule.Length l, String text) {
        boolean tokens = l.unit() == Rule.Length.Unit.TOKENS;
        int n = tokens ? Tokens.count(text) : text.strip().length();
        String unit = tokens ? " tokens" : " characters";
        if (n < l.min()) {
            return Optional.of("it must be at least " + l.min() + unit + " long, it was " + n);
        }
        if (n > l.max()) {
            return Optional.of("it must be at most " + l.max() + unit + " long, it was " + n);
        }
        return Optional.empty();
    }

    private static Optional<String> numeric(Rule.NumericRange nr, String text) {
        Optional<FinalNumber.Found> found = FinalNumber.in(text, FinalNumber.DEFAULT_MARKERS);
        if (found.isEmpty()) {
            return Optional.of("it must end with a numeric answer");
        }
        BigDecimal v = found.get().value();
        String shown = v.toPlainString();
        if (nr.integer() && v.stripTrailingZeros().scale() > 0) {
            return Optional.of("the final answer must be a whole number, it was " + shown);
        }
        if (nr.min().isPresent() && v.doubleValue() < nr.min().getAsDouble()) {
            return Optional.of("the final answer must be at least " + plain(nr.min().getAsDouble()) + ", it was "
                    + shown);
        }
        if (nr.max().isPresent() && v.doubleValue() > nr.max().getAsDouble()) {
            return Optional.of("the final answer must be at most " + plain(nr.max().getAsDouble()) + ", it was "
                    + shown);
        }
        return Optional.empty();
    }

    private static Optional<String> arithmetic(String text) {
        List<Arithmetic.Mistake> mistakes = Arithmetic.mistakes(text);
        if (!mistakes.isEmpty()) {
            String quoted = mistakes.stream().limit(MAX_QUOTED_MISTAKES).map(Arithmetic.Mistake::describe)
                    .collect(Collectors.joining(", "));
            return Optional.of("its arithmetic is wrong: " + quoted);
        }
        List<BigDecimal> results = Arithmetic.results(text);
        Optional<FinalNumber.Found> last = FinalNumber.in(text, FinalNumber.DEFAULT_MARKERS);
        if (results.isEmpty() || last.isEmpty()) {
            return Optional.empty();
        }
        BigDecimal answer = last.get().value();
        // Cut to the answer's decimals ("1/3 = 33.33", answer 33) or converted to a percentage or cents
        // ("7/20 = 0.35", answer 35). Rounding up is not followed: "2.5 bolts" answered as 3 is the classic slip.
        boolean derived = results.stream().anyMatch(r -> cutTo(r, answer) || cutTo(r.movePointRight(2), answer));
        return derived ? Optional.empty() : Optional.of("its final answer " + answer.toPlainString()
                + " is not the result of any calculation it shows");
    }

    private static boolean cutTo(BigDecimal result, BigDecimal answer) {
        int places = Math.max(0, answer.stripTrailingZeros().scale());
        return result.setScale(places, RoundingMode.DOWN).compareTo(answer) == 0;
    }

    private static String quoted(List<String> words) {
        return words.stream().map(w -> "\"" + w + "\"").collect(Collectors.joining(", "));
    }

    private static String plain(double d) {
        return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }
}
