package dev.ladder.validate;

import static java.util.Objects.requireNonNull;

import dev.ladder.model.ChatRequest;
import dev.ladder.model.ChatResponse;
import dev.ladder.pipeline.ModelCalls;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A route's validators, weighed together. The answer passes when the weighted mean score of the checks that
 * applied is at least {@code threshold} <em>and</em> no check failed hard (a member marked hard, or any schema
 * failure, fails the answer whatever the weights say). Not-applicable checks are left out of the mean; a
 * member of weight 0 is observed (its verdict is logged) but only counts when it fails hard. When nothing
 * applied, the verdict is {@link Verdict.NotApplicable}: the answer cannot be judged, and is accepted.
 *
 * <p>Members run in order, the self-evaluator last; it is skipped once the answer has already failed hard,
 * since asking a model cannot change that and costs money. A validator that throws (a bug) is logged as not
 * applicable rather than failing the request.
 */
public final class CompositeValidator implements Validator {

    public static final double DEFAULT_THRESHOLD = 0.5;

    /** One validator of a route: its name in config and logs, its weight, and whether its failure is final. */
    public record Member(String name, Validator validator, double weight, boolean hard) {
        public Member {
            requireNonNull(name, "name is null");
            requireNonNull(validator, "validator is null");
            if (!(weight >= 0 && Double.isFinite(weight))) {
                throw new IllegalArgumentException("weight of " + name + " must be >= 0: " + weight);
            }
        }
    }

    private final List<Member> members;
    private final double threshold;

    public CompositeValidator(List<Member> members, double threshold) {
        List<Member> ordered = new ArrayList<>(members);
        ordered.sort(Comparator.comparing(m -> callsModels(m.validator())));
        this.members = List.copyOf(ordered);
        if (!(threshold >= 0 && threshold <= 1)) {
            throw new IllegalArgumentException("threshold must be within [0, 1]: " + threshold);
        }
        this.threshold = threshold;
        var names = new HashSet<String>();
        this.members.forEach(m -> {
            if (!names.add(m.name())) {
                throw new IllegalArgumentException("two members are named " + m.name());
            }
        });
    }

    public List<Member> members() {
        return members;
    }

    public double threshold() {
        return threshold;
    }

    @Override
    public Verdict validate(ChatRequest request, ChatResponse response) {
        return assess(request, response).verdict();
    }

    /** Assesses without model calls: a judge among the members is not applicable (offline tools). */
    public Assessment assess(ChatRequest request, ChatResponse response) {
        return assess(request, response, ModelCalls.NONE);
    }

    /** Assesses {@code response}; a judge among the members asks its model through {@code calls}. */
    public Assessment assess(ChatRequest request, ChatResponse response, ModelCalls calls) {
        List<Check> checks = new ArrayList<>(members.size());
        for (Member m : members) {
            Optional<Check> hardFailure = checks.stream().filter(Check::failsHard).findFirst();
            if (callsModels(m.validator()) && hardFailure.isPresent()) {
                checks.add(new Check(m.name(), m.weight(), m.hard(), new Verdict.NotApplicable("skipped: the answer "
                        + "already failed " + hardFailure.get().validator())));
            } else {
                checks.add(run(m, request, response, calls));
            }
        }
        return conclude(checks);
    }

    /** Validators that call models: they run last and are skipped once a free check has failed hard. */
    private static boolean callsModels(Validator v) {
        return v instanceof SelfEvaluator || v instanceof ConsensusValidator;
    }

    private static Check run(Member m, ChatRequest request, ChatResponse response, ModelCalls calls) {
        try {
            Verdict v = switch (m.validator()) {
                case SelfEvaluator judge -> judge.judge(request, response, calls);
                case ConsensusValidator consensus -> consensus.judge(request, response, calls);
                case Validator other -> other.validate(request, response);
            };
            return new Check(m.name(), m.weight(), m.hard(), v);
        } catch (RuntimeException e) {
            return new Check(m.name(), m.weight(), m.hard(), new Verdict.NotApplicable("the validator failed: " + e));
        }
    }

    private Assessment conclude(List<Check> checks) {
        OptionalDouble score = weightedScore(checks);
        List<Check> failed = checks.stream().filter(c -> c.verdict() instanceof Verdict.Fail).toList();
        List<Check> hard = failed.stream().filter(Check::failsHard).toList();
        double s = score.orElse(0);
        if (!hard.isEmpty()) {
            return new Assessment(fail(hard.getFirst(), s, Stream.concat(hard.stream(), failed.stream()).distinct()
                    .toList()), score, checks);
        }
        if (score.isEmpty()) {
            return new Assessment(new Verdict.NotApplicable("no validator applied"), score, checks);
        }
        if (s >= threshold) {
            return new Assessment(new Verdict.Pass(s, summary(checks)), score, checks);
        }
        // Blame the check that cost the most score.
        Optional<Check> worst = failed.stream().filter(c -> c.weight() > 0)
                .max(Comparator.comparingDouble(c -> c.weight() * (1 - ((Verdict.Fail) c.verdict()).score())));
        if (worst.isPresent()) {
            return new Assessment(fail(worst.get(), s, failed.stream().filter(c -> c.weight() > 0).toList()), score,
                    checks);
        }
        return new Assessment(new Verdict.Fail(Reason.BELOW_THRESHOLD, s, "your answer scored " + Scores.format(s)
                + " in validation, below the required " + Scores.format(threshold) + " (" + summary(checks) + ")"),
                score, checks);
    }

    /** A failure for {@code blamed}'s reason, its message being every listed failure's message. */
    private static Verdict.Fail fail(Check blamed, double score, List<Check> listed) {
        String message = listed.stream().map(c -> ((Verdict.Fail) c.verdict()).message()).distinct()
                .collect(Collectors.joining("; "));
        return new Verdict.Fail(((Verdict.Fail) blamed.verdict()).reason(), score, message);
    }

    private static OptionalDouble weightedScore(List<Check> checks) {
        double sum = 0;
        double weights = 0;
        for (Check c : checks) {
            OptionalDouble s = switch (c.verdict()) {
                case Verdict.Pass p -> OptionalDouble.of(p.score());
                case Verdict.Fail f -> OptionalDouble.of(f.score());
                case Verdict.NotApplicable _ -> OptionalDouble.empty();
            };
            if (s.isPresent() && c.weight() > 0) {
                sum += c.weight() * s.getAsDouble();
                weights += c.weight();
            }
        }
        return weights > 0 ? OptionalDouble.of(sum / weights) : OptionalDouble.empty();
    }

    private static String summary(List<Check> checks) {
        return checks.stream().map(c -> c.validator() + " " + switch (c.verdict()) {
            case Verdict.Pass p -> Scores.format(p.score());
            case Verdict.Fail f -> "failed " + Scores.format(f.score());
            case Verdict.NotApplicable _ -> "n/a";
        }).collect(Collectors.joining(", "));
    }
}
