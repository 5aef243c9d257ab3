package dev.ladder.validate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ladder.testing.Required;
import dev.ladder.wire.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * RouteLLM's recorded GSM8K answers ({@code shared/data/routellm/gsm8k}): per question, Mixtral-8x7B's answer
 * (the weak model) and whether it was graded correct, GPT-4's answer, and the gold final number. Tests that use
 * it are skipped when the data is not there.
 */
final class Gsm8k {

    static final String WEAK = "mistralai/Mixtral-8x7B-Instruct-v0.1";
    static final String STRONG = "gpt-4-1106-preview";

    record Row(String question, String weakAnswer, boolean weakCorrect, String strongAnswer, boolean strongCorrect,
            BigDecimal gold) {
    }

    private Gsm8k() {
    }

    /** Every row, or the calling test is skipped when the files are missing (fails in CI: see {@link Required}). */
    static List<Row> rowsOrSkip() {
        Path responses = Required.sharedData("routellm/gsm8k/gsm8k_responses.csv");
        Path gold = Required.sharedData("routellm/gsm8k/gsm8k_test_gold.jsonl");
        try {
            Map<String, BigDecimal> golds = new HashMap<>();
            for (String line : Files.readAllLines(gold, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    JsonNode j = Json.read(line);
                    String answer = j.path("answer").asText();
                    golds.put(j.path("question").asText(), new BigDecimal(
                            answer.substring(answer.lastIndexOf("####") + 4).strip().replace(",", "")));
                }
            }
            List<List<String>> table = csv(Files.readString(responses, StandardCharsets.UTF_8));
            List<String> header = table.getFirst();
            int q = header.indexOf("prompt");
            int weakOk = header.indexOf(WEAK);
            int strongOk = header.indexOf(STRONG);
            int weak = header.indexOf(WEAK + "_response");
            int strong = header.indexOf(STRONG + "_response");
            List<Row> rows = new ArrayList<>();
            for (List<String> r : table.subList(1, table.size())) {
                rows.add(new Row(r.get(q), r.get(weak), r.get(weakOk).equals("True"), r.get(strong),
                        r.get(strongOk).equals("True"), golds.get(r.get(q))));
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** RFC 4180: quoted fields may hold commas, line breaks and doubled quotes. */
    static List<List<String>> csv(String text) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                row.add(field.toString());
                field.setLength(0);
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                row.add(field.toString());
                field.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
            } else {
                field.append(c);
            }
        }
        if (!field.isEmpty() || !row.isEmpty()) {
            row.add(field.toString());
            rows.add(row);
        }
        return rows;
    }
}
