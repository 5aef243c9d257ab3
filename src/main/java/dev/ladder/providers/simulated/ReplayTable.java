package dev.ladder.providers.simulated;

import dev.ladder.wire.Csv;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Recorded answers indexed by prompt, from one CSV file and one answer column. A user message finds its
 * row by, in order: the prompt exactly (whitespace runs collapsed, ends trimmed); the prompt loosely (also
 * case, curly quotes and dashes folded); the prompt inside the message, as with a few-shot prefix or a
 * "Question: ... Answer:" template (the match that ends last wins: the real question comes after the
 * examples); the message inside a prompt, for a fragment of at least {@value #MIN_FRAGMENT} characters
 * (the shortest such prompt wins). Answers are returned exactly as recorded, leading spaces included.
 * Immutable once loaded.
 */
final class ReplayTable {

    static final int MIN_FRAGMENT = 24;

    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    private final List<String> loosePrompts;
    private final List<String> answers;
    private final Map<String, Integer> exact = new HashMap<>();
    private final Map<String, Integer> loose = new HashMap<>();

    private ReplayTable(List<String> prompts, List<String> answers) {
        this.answers = List.copyOf(answers);
        this.loosePrompts = new ArrayList<>(prompts.size());
        for (int i = 0; i < prompts.size(); i++) {
            String l = loose(prompts.get(i));
            loosePrompts.add(l);
            exact.putIfAbsent(normalize(prompts.get(i)), i);
            loose.putIfAbsent(l, i);
        }
    }

    /** Reads {@code file} (UTF-8 CSV with a header row); fails naming the file when a column is missing. */
    static ReplayTable load(Path file, String promptColumn, String answerColumn) throws IOException {
        List<List<String>> records;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            records = Csv.read(in);
        } catch (IOException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
        if (records.isEmpty()) {
            throw new IOException(file + ": no header row");
        }
        List<String> header = records.getFirst();
        int p = column(file, header, promptColumn);
        int a = column(file, header, answerColumn);
        List<String> prompts = new ArrayList<>(records.size() - 1);
        List<String> answers = new ArrayList<>(records.size() - 1);
        for (List<String> r : records.subList(1, records.size())) {
            if (r.size() > Math.max(p, a)) {
                prompts.add(r.get(p));
                answers.add(r.get(a));
            }
        }
        return new ReplayTable(prompts, answers);
    }

    static ReplayTable of(List<String> prompts, List<String> answers) {
        if (prompts.size() != answers.size()) {
            throw new IllegalArgumentException("prompts and answers differ in length");
        }
        return new ReplayTable(prompts, answers);
    }

    int size() {
        return answers.size();
    }

    /** The recorded answer for this user message, or empty when no row matches. */
    Optional<String> answerFor(String userText) {
        Integer row = exact.get(normalize(userText));
        String l = loose(userText);
        if (row == null) {
            row = loose.get(l);
        }
        if (row == null) {
            row = promptInside(l);
        }
        if (row == null) {
            row = fragmentOf(l);
        }
        return row == null ? Optional.empty() : Optional.of(answers.get(row));
    }

    private Integer promptInside(String text) {
        Integer best = null;
        int bestEnd = -1;
        for (int i = 0; i < loosePrompts.size(); i++) {
            String prompt = loosePrompts.get(i);
            if (prompt.isEmpty() || prompt.length() > text.length()) {
                continue;
            }
            int at = text.lastIndexOf(prompt);
            int end = at + prompt.length();
            if (at >= 0 && (end > bestEnd || (end == bestEnd && prompt.length() > loosePrompts.get(best).length()))) {
                best = i;
                bestEnd = end;
            }
        }
        return best;
    }

    private Integer fragmentOf(String text) {
        if (text.length() < MIN_FRAGMENT) {
            return null;
        }
        Integer best = null;
        for (int i = 0; i < loosePrompts.size(); i++) {
            String prompt = loosePrompts.get(i);
            if (prompt.contains(text) && (best == null || prompt.length() < loosePrompts.get(best).length())) {
                best = i;
            }
        }
        return best;
    }

    private static int column(Path file, List<String> header, String name) throws IOException {
        int i = header.indexOf(name);
        if (i < 0) {
            throw new IOException(file + ": no column '" + name + "' (columns: " + header + ")");
        }
        return i;
    }

    /** Whitespace runs collapsed to one space, ends trimmed. */
    static String normalize(String s) {
        return WHITESPACE.matcher(s).replaceAll(" ").strip();
    }

    /** {@link #normalize} plus lower case and typographic quotes and dashes folded to ASCII. */
    static String loose(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            sb.append(switch (c) {
                case '\u2018', '\u2019', '\u201B', '\u2032' -> '\'';
                case '\u201C', '\u201D', '\u201F', '\u2033' -> '"';
                case '\u2013', '\u2014', '\u2212' -> '-';
                case '\u00A0' -> ' ';
                default -> c;
            });
        }
        return normalize(sb.toString()).toLowerCase(Locale.ROOT);
    }
}
