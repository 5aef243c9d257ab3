package dev.ladder.eval;

import static java.util.Objects.requireNonNull;

import dev.ladder.wire.Csv;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * Recorded multi-model data for replaying whole policies: per prompt, for each model, whether its answer was
 * right (a score), the answer itself and what it cost. Two shapes are read:
 * <ul>
 * <li>RouterBench's: {@code prompt}, {@code eval_name}, and per model {@code <model>} (score),
 * {@code <model>|model_response} and {@code <model>|total_cost} (USD). An empty score means the model was not
 * run on that prompt; such answers are left out.</li>
 * <li>RouteLLM's: {@code prompt}, per model {@code <model>} (True/False) and {@code <model>_response}; no cost
 * column, so a replay prices those calls at the configured model's price.</li>
 * </ul>
 * RouterBench stores prompts and answers as Python list literals ({@code ['...']}); they are unwrapped. The task
 * of a row is its {@code eval_name}, else its file's name.
 */
public final class RecordedRuns {

    /** One model's recorded answer to one prompt. {@code cost} is empty when the data has no cost column. */
    public record Recorded(double score, String response, OptionalDouble cost) {
        public Recorded {
            requireNonNull(response, "response is null");
            requireNonNull(cost, "cost is null");
        }
    }

    /** One prompt with every model's recorded answer, keyed by the data's model column name. */
    public record Run(String task, String prompt, Map<String, Recorded> answers) {
        public Run {
            requireNonNull(task, "task is null");
            requireNonNull(prompt, "prompt is null");
            answers = Map.copyOf(answers);
        }
    }

    private RecordedRuns() {
    }

    /** Every row of every file, in order; fails with the file and the reason when a file is not of either shape. */
    public static List<Run> read(List<Path> files) {
        List<Run> out = new ArrayList<>();
        for (Path f : files) {
            try (Reader in = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
                out.addAll(parse(Csv.read(in), f.getFileName().toString().replaceFirst("\\.csv$", "")));
            } catch (IOException e) {
                throw new EvalException(f + ": " + e.getMessage());
            } catch (IllegalArgumentException e) {
                throw new EvalException(f + ": " + e.getMessage());
            }
        }
        return out;
    }

    /** The model columns of the data: the names tiers and models in a policy config refer to. */
    public static Set<String> models(List<Run> runs) {
        Set<String> out = new LinkedHashSet<>();
        runs.forEach(r -> out.addAll(r.answers().keySet()));
        return out;
    }

    static List<Run> parse(List<List<String>> rows, String fileTask) {
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("empty file");
        }
        List<String> header = rows.getFirst();
        int prompt = header.indexOf("prompt");
        if (prompt < 0) {
            throw new IllegalArgumentException("no 'prompt' column");
        }
        int task = header.indexOf("eval_name");
        Map<String, int[]> models = new LinkedHashMap<>();
        for (int i = 0; i < header.size(); i++) {
            String h = header.get(i);
            if (h.endsWith("|model_response")) {
                String m = h.substring(0, h.length() - "|model_response".length());
                models.put(m, new int[] {header.indexOf(m), i, header.indexOf(m + "|total_cost")});
            } else if (h.endsWith("_response") && header.contains(h.substring(0, h.length() - "_response".length()))) {
                String m = h.substring(0, h.length() - "_response".length());
                models.put(m, new int[] {header.indexOf(m), i, -1});
            }
        }
        if (models.isEmpty()) {
            throw new IllegalArgumentException("no recorded answers: a policy replay needs RouterBench's "
                    + "'<model>|model_response' or RouteLLM's '<model>_response' columns");
        }
        models.forEach((m, cols) -> {
            if (cols[0] < 0) {
                throw new IllegalArgumentException("answers of '" + m + "' but no score column '" + m + "'");
            }
        });
        List<Run> out = new ArrayList<>();
        for (List<String> row : rows.subList(1, rows.size())) {
            if (row.size() < header.size()) {
                continue;
            }
            Map<String, Recorded> answers = new LinkedHashMap<>();
            models.forEach((m, cols) -> {
                String score = row.get(cols[0]).strip();
                if (score.isEmpty()) {
                    return;
                }
                OptionalDouble cost = cols[2] < 0 || row.get(cols[2]).isBlank() ? OptionalDouble.empty()
                        : OptionalDouble.of(Double.parseDouble(row.get(cols[2])));
                answers.put(m, new Recorded(score(score), unwrap(row.get(cols[1])), cost));
            });
            String t = task >= 0 && !row.get(task).isBlank() ? row.get(task) : fileTask;
            out.add(new Run(t, unwrap(row.get(prompt)), answers));
        }
        return out;
    }

    private static double score(String s) {
        return switch (s) {
            case "True", "true" -> 1;
            case "False", "false" -> 0;
            default -> Double.parseDouble(s);
        };
    }

    /** {@code ['text']} or {@code ["text"]} as written by Python's repr of a one-string list, unescaped. */
    static String unwrap(String s) {
        String t = s.strip();
        if (t.length() >= 4 && t.startsWith("[") && t.endsWith("]")) {
            String inner = t.substring(1, t.length() - 1).strip();
            char q = inner.isEmpty() ? 0 : inner.charAt(0);
            if ((q == '\'' || q == '"') && inner.length() >= 2 && inner.charAt(inner.length() - 1) == q) {
                return unescape(inner.substring(1, inner.length() - 1));
            }
        }
        return s;
    }

    private static String unescape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\' || i + 1 == s.length()) {
                out.append(c);
                continue;
            }
            char n = s.charAt(++i);
            switch (n) {
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                case 'r' -> out.append('\r');
                default -> out.append(n);
            }
        }
        return out.toString();
    }
}
