package dev.ladder.classify;

import dev.ladder.model.ChatRequest;

/**
 * Shape statistics of the ask that say how much work it is, independent of topic: size (log chars, words,
 * lines, sentences), numbers and maths (digit share, count of numbers, operator density, LaTeX), vocabulary
 * (mean word length, share of long words, type-token ratio), questions, brackets, upper case and non-ASCII
 * share. Counts are log-scaled so a 10,000-word prompt does not dwarf the rest.
 */
final class TextStatsBlock implements FeatureBlock {

    static final String NAME = "text";

    private static final String[] NAMES = {"log_chars", "log_words", "log_lines", "log_sentences", "digit_share",
        "log_numbers", "operator_density", "log_operators", "log_latex", "mean_word_length", "long_word_share",
        "type_token_ratio", "log_questions", "log_brackets", "upper_share", "non_ascii_share"};

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int size() {
        return NAMES.length;
    }

    @Override
    public boolean dense() {
        return true;
    }

    @Override
    public String featureName(int i) {
        return NAMES[i];
    }

    @Override
    public void extract(ChatRequest request, Sink sink) {
        String text = Ask.of(request);
        Counts c = count(text);
        double nonSpace = Math.max(1, c.nonSpace);
        double letters = Math.max(1, c.letters);
        double words = Math.max(1, c.words);
        int i = 0;
        sink.put(i++, Math.log1p(text.length()));
        sink.put(i++, Math.log1p(c.words));
        sink.put(i++, Math.log1p(c.lines));
        sink.put(i++, Math.log1p(c.sentences));
        sink.put(i++, c.digits / nonSpace);
        sink.put(i++, Math.log1p(c.numbers));
        sink.put(i++, c.operators / nonSpace);
        sink.put(i++, Math.log1p(c.operators));
        sink.put(i++, Math.log1p(c.latex));
        sink.put(i++, c.wordLetters / words);
        sink.put(i++, c.longWords / words);
        sink.put(i++, c.words == 0 ? 1 : c.distinct.size() / words);
        sink.put(i++, Math.log1p(c.questions));
        sink.put(i++, Math.log1p(c.brackets));
        sink.put(i++, c.upper / letters);
        sink.put(i, c.nonAscii / nonSpace);
    }

    private static final class Counts {
        double nonSpace;
        double letters;
        double upper;
        double digits;
        double nonAscii;
        double words;
        double wordLetters;
        double longWords;
        double numbers;
        double operators;
        double latex;
        double questions;
        double brackets;
        double lines = 1;
        double sentences;
        final java.util.Set<String> distinct = new java.util.HashSet<>();
    }

    private static Counts count(String text) {
        Counts c = new Counts();
        StringBuilder word = new StringBuilder();
        boolean inNumber = false;
        for (int i = 0; i <= text.length(); i++) {
            char ch = i < text.length() ? text.charAt(i) : ' ';
            if (Character.isLetter(ch)) {
                word.append(Character.toLowerCase(ch));
                c.letters++;
                if (Character.isUpperCase(ch)) {
                    c.upper++;
                }
            } else {
                endWord(c, word);
            }
            boolean digit = Character.isDigit(ch);
            if (digit) {
                c.digits++;
                if (!inNumber) {
                    c.numbers++;
                }
            }
            inNumber = digit || inNumber && (ch == '.' || ch == ',') && i + 1 < text.length()
                    && Character.isDigit(text.charAt(i + 1));
            if (!Character.isWhitespace(ch)) {
                c.nonSpace++;
            }
            if (ch > 127) {
                c.nonAscii++;
            }
            switch (ch) {
                case '+', '*', '/', '=', '^', '<', '>', '%', '±', '×', '÷', '√', '∑', '∫', '≤', '≥' -> c.operators++;
                case '-' -> {
                    if (i + 1 < text.length() && (Character.isDigit(text.charAt(i + 1)) || text.charAt(i + 1) == ' ')) {
                        c.operators++;
                    }
                }
                case '$', '\\' -> c.latex++;
                case '?' -> c.questions++;
                case '(', ')', '[', ']', '{', '}' -> c.brackets++;
                case '\n' -> c.lines++;
                case '.', '!' -> {
                    if (i + 1 >= text.length() || Character.isWhitespace(text.charAt(i + 1))) {
                        c.sentences++;
                    }
                }
                default -> {
                }
            }
        }
        return c;
    }

    private static void endWord(Counts c, StringBuilder word) {
        if (word.isEmpty()) {
            return;
        }
        c.words++;
        c.wordLetters += word.length();
        if (word.length() >= 9) {
            c.longWords++;
        }
        c.distinct.add(word.toString());
        word.setLength(0);
    }
}
