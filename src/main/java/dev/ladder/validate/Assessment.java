package dev.ladder.validate;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.stream.Collectors;

/**
 * A composite's conclusion about one answer: the overall verdict, the weighted score of the checks that
 * applied (empty when none did), and every check in the order they ran.
 */
public record Assessment(Verdict verdict, OptionalDouble score, List<Check> checks) {

    public Assessment {
        requireNonNull(verdict, "verdict is null");
        requireNonNull(score, "score is null");
        checks = List.copyOf(checks);
    }

    /** False only for a {@link Verdict.Fail}: an answer nothing could judge is accepted. */
    public boolean accepted() {
        return !(verdict instanceof Verdict.Fail);
    }

    /**
     * What to tell the next model when escalating: the failure's message ("your answer was not valid JSON for
     * this schema: ..."), empty when the answer was accepted.
     */
    public Optional<String> feedback() {
        return verdict instanceof Verdict.Fail f ? Optional.of(f.message()) : Optional.empty();
    }

    /** One line per check, for logs: {@code refusal(w=1, hard): pass (1.00): an answer}. */
    public String describe() {
        return checks.stream().map(c -> c.validator() + "(w=" + Scores.format(c.weight()) + (c.hard() ? ", hard" : "")
                + "): " + c.verdict().summary()).collect(Collectors.joining("\n"));
    }
}
