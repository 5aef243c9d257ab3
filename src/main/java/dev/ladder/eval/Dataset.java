package dev.ladder.eval;

import static java.util.Objects.requireNonNull;

import dev.ladder.wire.Csv;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Labelled prompts for offline evaluation: a {@code prompt} column and, per model, a quality column holding
 * correctness ({@code True}/{@code False}, {@code 1}/{@code 0}) or a numeric score (a 1-10 judge score, a cost).
 * Several files are read in order into one set; each row remembers its file's name (without {@code .csv}) as its
 * group, for per-file reports such as MMLU's per-subject numbers, and its <b>task</b>, for leave-one-task-out
 * evaluation: the row's {@code eval_name} where the file has that column (RouterBench's shape), else the file
 * name's first word, up to the first {@code _}, {@code -} or {@code .} ({@code mmlu_anatomy.csv} and
 * {@code mmlu_virology.csv} are task {@code mmlu}, {@code gsm8k_responses.csv} is {@code gsm8k}).
 *
 * <p>A wanted column may have alternative names, the first a file has being read (RouteLLM calls Mixtral
 * {@code mistralai/Mixtral-8x7B-Instruct-v0.1}, RouterBench {@code mistralai/mixtral-8x7b-chat}); the values are
 * kept under the first name. A row with an empty value in a wanted column (RouterBench: the model was not run on
 * that prompt) is left out. Prompts written as a Python one-string list ({@code ['...']}, RouterBench) are
 * unwrapped.
 *
 * @param prompts the prompt of each row
 * @param groups the group (file name) of each row
 * @param tasks the task of each row
 * @param columns the requested columns, each one value per row
 */
public record Dataset(List<String> prompts, List<String> groups, List<String> tasks, Map<String, double[]> columns) {

    public static final String PROMPT = "prompt";
    /** RouterBench's task column. */
    public static final String TASK = "eval_name";

    public Dataset {
        prompts = List.copyOf(prompts);
        groups = List.copyOf(groups);
        tasks = List.copyOf(tasks);
        columns = Map.copyOf(columns);
        if (groups.size() != prompts.size()) {
            throw new IllegalArgumentException("groups: " + groups.size() + " for " + prompts.size() + " prompts");
        }
        if (tasks.size() != prompts.size()) {
            throw new IllegalArgumentException("tasks: " + tasks.size() + " for " + prompts.size() + " prompts");
        }
        for (Map.Entry<String, double[]> e : columns.entrySet()) {
            if (e.getValue().length != prompts.size()) {
                throw new IllegalArgumentException("column " + e.getKey() + ": " + e.getValue().length
                        + " values for " + prompts.size() + " prompts");
            }
        }
    }

    /** A data set whose rows all belong to one task per group (its file). */
    public Dataset(List<String> prompts, List<String> groups, Map<String, double[]> columns) {
        this(prompts, groups, groups, columns);
    }

    public int size() {
        return prompts.size();
    }

    /** The distinct tasks, in order of first appearance. */
    public List<String> taskNames() {
        return tasks.stream().distinct().toList();
    }

    /** The indices of the rows of {@code task}, in order. */
    public int[] rowsOf(String task) {
        return java.util.stream.IntStream.range(0, size()).filter(i -> tasks.get(i).equals(task)).toArray();
    }

    public double[] column(String name) {
        double[] values = columns.get(name);
        if (values == null) {
            throw new IllegalArgumentException("no column '" + name + "' loaded");
        }
        return values;
    }

    /** The rows at {@code indices}, in that order. */
    public Dataset subset(int[] indices) {
        List<String> p = new ArrayList<>(indices.length);
        List<String> g = new ArrayList<>(indices.length);
        List<String> t = new ArrayList<>(indices.length);
        Map<String, double[]> c = new HashMap<>();
        columns.forEach((name, values) -> c.put(name, new double[indices.length]));
        for (int i = 0; i < indices.length; i++) {
            p.add(prompts.get(indices[i]));
            g.add(groups.get(indices[i]));
            t.add(tasks.get(indices[i]));
            for (Map.Entry<String, double[]> e : columns.entrySet()) {
                c.get(e.getKey())[i] = e.getValue()[indices[i]];
            }
        }
        return new Dataset(p, g, t, c);
    }

    /**
     * Reads {@code files} (CSV with a header row), keeping {@code wanted} columns, and drops rows whose prompt is
     * in {@code excluded}.
     *
     * @throws EvalException naming the file, line or column when a file is missing, lacks a column, or holds a
     *         value that is neither a boolean nor a number
     */
    public static Dataset load(List<Path> files, List<String> wanted, Set<String> excluded) {
        return loadAny(files, wanted.stream().map(List::of).toList(), excluded);
    }

    /**
     * Like {@link #load}, each wanted column given as its alternative names: a file's values come from the first
     * of them it has and are kept under the first name.
     */
    public static Dataset loadAny(List<Path> files, List<List<String>> wanted, Set<String> excluded) {
        requireNonNull(files, "files is null");
        if (files.isEmpty()) {
            throw new EvalException("no data files given");
        }
        List<String> prompts = new ArrayList<>();
        List<String> groups = new ArrayList<>();
        List<String> tasks = new ArrayList<>();
        Map<String, List<Double>> values = new LinkedHashMap<>();
        wanted.forEach(w -> values.put(w.getFirst(), new ArrayList<>()));
        for (Path file : files) {
            List<List<String>> records = read(file);
            if (records.isEmpty()) {
                throw new EvalException(file + ": empty file (a header row with a 'prompt' column is needed)");
            }
            List<String> header = records.getFirst();
            int promptAt = header.indexOf(PROMPT);
            if (promptAt < 0) {
                throw new EvalException(file + ": no '" + PROMPT + "' column; columns: " + header);
            }
            int taskAt = header.indexOf(TASK);
            Map<String, Integer> at = new LinkedHashMap<>();
            for (List<String> names : wanted) {
                int i = names.stream().mapToInt(header::indexOf).filter(x -> x >= 0).findFirst().orElse(-1);
                if (i < 0) {
                    throw new EvalException(file + ": no column '" + String.join("' or '", names) + "'; columns: "
                            + header);
                }
                at.put(names.getFirst(), i);
            }
            String group = groupName(file);
            String fileTask = taskName(group);
            for (int r = 1; r < records.size(); r++) {
                List<String> record = records.get(r);
                if (record.size() != header.size()) {
                    throw new EvalException(file + ": record " + r + " has " + record.size() + " fields; the header has "
                            + header.size());
                }
                String prompt = RecordedRuns.unwrap(record.get(promptAt));
                if (excluded.contains(prompt) || excluded.contains(record.get(promptAt))
                        || at.values().stream().anyMatch(i -> record.get(i).isBlank())) {
                    continue;
                }
                prompts.add(prompt);
                groups.add(group);
                tasks.add(taskAt >= 0 && !record.get(taskAt).isBlank() ? record.get(taskAt).strip() : fileTask);
                for (Map.Entry<String, Integer> e : at.entrySet()) {
                    values.get(e.getKey()).add(parse(record.get(e.getValue()), file, r, e.getKey()));
                }
            }
        }
        Map<String, double[]> columns = new HashMap<>();
        values.forEach((k, v) -> columns.put(k, v.stream().mapToDouble(Double::doubleValue).toArray()));
        return new Dataset(prompts, groups, tasks, columns);
    }

    /** The first word of a file's name: {@code mmlu_anatomy} is task {@code mmlu}. */
    static String taskName(String group) {
        String first = group.split("[_.\\-]", 2)[0];
        return first.isEmpty() ? group : first;
    }

    private static List<List<String>> read(Path file) {
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return Csv.read(in);
        } catch (NoSuchFileException e) {
            throw new EvalException(file + ": no such file");
        } catch (IOException e) {
            throw new EvalException(file + ": " + e.getMessage());
        }
    }

    private static String groupName(Path file) {
        String name = file.getFileName().toString();
        return name.toLowerCase(Locale.ROOT).endsWith(".csv") ? name.substring(0, name.length() - 4) : name;
    }

    /** {@code True}/{@code False} (any case), {@code yes}/{@code no}, or a number. */
    static double parse(String value, Path file, int record, String column) {
        String v = value.strip();
        switch (v.toLowerCase(Locale.ROOT)) {
            case "true", "yes" -> {
                return 1;
            }
            case "false", "no" -> {
                return 0;
            }
            default -> {
            }
        }
        try {
            double d = Double.parseDouble(v);
            if (Double.isFinite(d)) {
                return d;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new EvalException(file + ": record " + record + ", column '" + column + "': '" + abbreviate(v)
                + "' is neither True/False nor a number");
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
