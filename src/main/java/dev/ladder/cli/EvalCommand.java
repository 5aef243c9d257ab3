package dev.ladder.cli;

import dev.ladder.eval.Dataset;
import dev.ladder.eval.EvalException;
import dev.ladder.eval.EvalOutput;
import dev.ladder.eval.Frontier;
import dev.ladder.eval.FrontierReport;
import dev.ladder.eval.Router;
import dev.ladder.eval.EvalReport;
import dev.ladder.eval.Evaluation;
import dev.ladder.eval.Exclusions;
import dev.ladder.eval.LotoReport;
import dev.ladder.eval.RouterResult;
import dev.ladder.eval.Routers;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "eval", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Scores routers offline on labelled prompts, RouteLLM's way: sweeps each router's threshold "
                + "from 0 to 100 %% of calls on the strong model and reports quality, APGR, CPT(50 %%) and CPT(80 %%), "
                + "with the random and oracle baselines. See docs/eval.md."})
final class EvalCommand implements Callable<Integer> {

    @Option(names = "--data", arity = "1..*", required = true, paramLabel = "FILE",
            description = "CSV files with a 'prompt' column and one quality column per model (True/False or a number).")
    List<Path> data;

    @Option(names = "--config", paramLabel = "POLICY.yaml",
            description = "Replay recorded multi-model data (RouterBench's or RouteLLM's shape, with answers) through "
                    + "the request path this config builds: its classifiers, tiers, strategy and validators. Prints per "
                    + "task quality and cost against each model, the random mix and the oracle. See docs/eval.md.")
    Path config;

    @Option(names = "--weak", paramLabel = "COL[,COL...]",
            description = "Column of the weak (cheap) model; alternative names comma-separated, the first a file has is read "
                    + "(RouteLLM and RouterBench name Mixtral differently).")
    String weak;

    @Option(names = "--strong", paramLabel = "COL[,COL...]", description = "Column of the strong model (alternatives as for --weak).")
    String strong;

    @Option(names = "--loto", negatable = true,
            description = "Leave-one-task-out: score each task (RouterBench's eval_name, else the file name's first word) "
                    + "with trained routers fitted on the other tasks only, with calibration curves. The default when "
                    + "the data spans several tasks and neither --folds nor --train is given; --no-loto pools them.")
    Boolean loto;

    @Option(names = "--models", split = ",", paramLabel = "COL,COL,COL",
            description = "Multi-model mode instead of --weak/--strong: three quality columns, cheapest first; prints the "
                    + "cost/quality frontier of 3-tier policies ranked by the (first) router.")
    List<String> models;

    @Option(names = "--costs", split = ",", paramLabel = "COL,COL,COL",
            description = "Multi-model mode: per-prompt cost columns of the three models.")
    List<String> costs;

    @Option(names = "--prices", split = ",", paramLabel = "P,P,P",
            description = "Multi-model mode: a cost per prompt for each model, when the data has no cost columns.")
    List<Double> prices;

    @Option(names = "--router", paramLabel = "NAME|MODEL_FILE[,...]",
            description = "Routers to score: random, oracle, heuristic, trained (the shipped model, the default) or a "
                    + "model file from 'ladder train'. Comma-separated or repeated.")
    List<String> routers = List.of();

    @Option(names = "--train", arity = "1..*", paramLabel = "FILE",
            description = "Fit trained routers' recipes on these files (same columns) and score them on --data.")
    List<Path> train = List.of();

    @Option(names = "--folds", paramLabel = "K", defaultValue = "0",
            description = "K-fold cross-validation of trained routers' recipes on --data (K >= 2).")
    int folds;

    @Option(names = "--exclude", arity = "1..*", paramLabel = "FILE",
            description = "JSONL lists of prompts to drop first (contamination lists), from --data and --train.")
    List<Path> exclude = List.of();

    @Option(names = "--out", paramLabel = "DIR", description = "Also write chart.png and report.html here.")
    Path out;

    @Option(names = "--json", description = "Print one JSON object per router instead of the table.")
    boolean json;

    @Option(names = "--steps", paramLabel = "N", defaultValue = "100",
            description = "Threshold sweep steps from 0 to 100 %% strong (>= 20; default ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42",
            description = "Seed of the cross-validation fold split (default ${DEFAULT-VALUE}).")
    long seed;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (config != null) {
            return PolicyEval.run(config, data, json, Optional.ofNullable(out), steps, spec.commandLine().getOut());
        }
        if (models != null) {
            return frontier();
        }
        if (weak == null || strong == null) {
            throw new EvalException("give --weak COL and --strong COL (or --models A,B,C for multi-model mode)");
        }
        if (Boolean.TRUE.equals(loto) && (folds != 0 || !train.isEmpty())) {
            throw new EvalException("--loto trains on the other tasks: it excludes --folds and --train");
        }
        Set<String> excluded = Exclusions.load(exclude);
        List<List<String>> columns = List.of(alternatives(weak), alternatives(strong));
        String weakColumn = columns.get(0).getFirst();
        String strongColumn = columns.get(1).getFirst();
        Dataset dataset = Dataset.loadAny(data, columns, excluded);
        Optional<Dataset> training = train.isEmpty() ? Optional.empty()
                : Optional.of(Dataset.loadAny(train, columns, excluded));
        Evaluation evaluation = new Evaluation(weakColumn, strongColumn, folds, training, seed, steps);
        PrintWriter stdout = spec.commandLine().getOut();
        boolean leaveOneOut = loto != null ? loto
                : folds == 0 && train.isEmpty() && dataset.taskNames().size() > 1;
        if (leaveOneOut) {
            return leaveOneTaskOut(evaluation, dataset, stdout);
        }
        List<RouterResult> results = evaluation.run(dataset, Routers.withBaselines(routers));
        String line = dataLine(dataset, results.getFirst());
        if (out != null) {
            EvalOutput.write(out, "Routing on " + describe(data), line, dataset, results);
        }
        if (json) {
            results.forEach(r -> stdout.println(dev.ladder.wire.Json.write(EvalReport.json(r))));
        } else {
            stdout.print(EvalReport.table(line, results));
            if (out != null) {
                stdout.println("wrote " + out.resolve(EvalOutput.CHART) + " and " + out.resolve(EvalOutput.REPORT));
            }
        }
        stdout.flush();
        return 0;
    }

    private int leaveOneTaskOut(Evaluation evaluation, Dataset dataset, PrintWriter stdout) {
        List<Evaluation.TaskResult> tasks = evaluation.leaveOneTaskOut(dataset, Routers.withBaselines(routers));
        String line = String.format(Locale.ROOT, "data: %d rows of %d tasks (%s)%s; weak %s, strong %s", dataset.size(),
                tasks.size(), String.join(", ", dataset.taskNames()), exclude.isEmpty() ? ""
                        : ", contaminated prompts dropped", evaluation.weak(), evaluation.strong());
        if (out != null) {
            LotoReport.write(out, "Leave-one-task-out on " + describe(data), line, tasks);
        }
        if (json) {
            LotoReport.json(tasks).forEach(n -> stdout.println(dev.ladder.wire.Json.write(n)));
        } else {
            stdout.print(LotoReport.table(line, tasks));
            if (out != null) {
                stdout.println("wrote " + out.resolve(LotoReport.REPORT) + ", " + out.resolve(LotoReport.CALIBRATION_CHART)
                        + " and a chart per task");
            }
        }
        stdout.flush();
        return 0;
    }

    private static List<String> alternatives(String columns) {
        List<String> names = java.util.Arrays.stream(columns.split(",")).map(String::strip).filter(c -> !c.isEmpty())
                .toList();
        if (names.isEmpty()) {
            throw new EvalException("an empty column name: '" + columns + "'");
        }
        return names;
    }

    private int frontier() {
        if (models.size() != 3) {
            throw new EvalException("--models takes three columns, cheapest first: " + models);
        }
        if ((costs == null) == (prices == null)) {
            throw new EvalException("multi-model mode needs --costs COL,COL,COL or --prices P,P,P (one of them)");
        }
        if ((costs != null ? costs.size() : prices.size()) != 3) {
            throw new EvalException("--costs / --prices take three values, one per model");
        }
        List<String> columns = new java.util.ArrayList<>(models);
        if (costs != null) {
            columns.addAll(costs);
        }
        Dataset dataset = Dataset.load(data, columns.stream().distinct().toList(), Exclusions.load(exclude));
        Evaluation evaluation = new Evaluation(models.get(0), models.get(2), folds,
                train.isEmpty() ? Optional.empty() : Optional.of(Dataset.load(train, columns.stream().distinct().toList(),
                        Exclusions.load(exclude))), seed, steps);
        List<Router> named = Routers.withBaselines(routers);
        RouterResult ranked = evaluation.run(dataset, List.of(named.getFirst())).getFirst();
        double[][] quality = new double[3][];
        double[][] cost = new double[3][];
        for (int k = 0; k < 3; k++) {
            quality[k] = dataset.column(models.get(k));
            if (costs != null) {
                cost[k] = dataset.column(costs.get(k));
            } else {
                cost[k] = new double[dataset.size()];
                java.util.Arrays.fill(cost[k], prices.get(k));
            }
        }
        Frontier.Result result = Frontier.of(models, ranked.scores(), quality, cost, 20, seed);
        PrintWriter stdout = spec.commandLine().getOut();
        if (json) {
            stdout.println(dev.ladder.wire.Json.write(FrontierReport.json(result, ranked.router(), dataset.size())));
        } else {
            stdout.print(FrontierReport.table(result, ranked.router(), dataset.size()));
        }
        if (out != null) {
            FrontierReport.write(out, result, ranked.router(), dataset.size());
            if (!json) {
                stdout.println("wrote " + out.resolve(FrontierReport.CHART) + " and " + out.resolve(FrontierReport.REPORT));
            }
        }
        stdout.flush();
        return 0;
    }

    private static String describe(List<Path> files) {
        if (files.size() == 1) {
            return files.getFirst().getFileName().toString();
        }
        Path parent = files.getFirst().toAbsolutePath().normalize().getParent();
        boolean oneDir = files.stream().allMatch(f -> parent.equals(f.toAbsolutePath().normalize().getParent()));
        return files.size() + " files" + (oneDir && parent.getFileName() != null ? " in " + parent.getFileName() : "");
    }

    private String dataLine(Dataset dataset, RouterResult first) {
        long files = dataset.groups().stream().distinct().count();
        return String.format(Locale.ROOT, "data: %d rows from %d file%s%s; weak %s = %.2f %%, strong %s = %.2f %%",
                dataset.size(), files, files == 1 ? "" : "s", exclude.isEmpty() ? "" : " (contaminated prompts dropped)",
                alternatives(weak).getFirst(), 100 * first.curve().weak(), alternatives(strong).getFirst(),
                100 * first.curve().strong());
    }
}
