package dev.ladder.classify;

import dev.ladder.model.ChatRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the question is asked, not what it is about: features meant to carry from one task to another. Solved
 * examples before the question (few-shot prompts) are counted and set aside, so the features read the question
 * itself. Then: its length (log words and length bands), the stem without answer options and the options' count,
 * length and spread, numbers (count, density, decimals, percentages, money), step markers (then, each, remaining,
 * total, ...), conditions and constraints (if, only, at least, except, ...), what form the question takes (how
 * many/much, which of the following, why/explain, an imperative such as write or calculate, a negated ask such as
 * NOT or EXCEPT, a superlative such as most likely or best), whether code is asked for or present, what answer
 * format is asked for, and the share of capitalised words inside sentences (names: a knowledge question).
 *
 * <p>None of these is a word of a topic: a router that learns from them cannot learn that a task's subject is
 * hard, only that a kind of question is.
 */
final class QuestionFormBlock implements FeatureBlock {

    static final String NAME = "form";

    private static final String[] NAMES = {"few_shot", "log_words", "band_short", "band_medium", "band_long",
        "band_very_long", "log_stem_words", "options", "log_option_words", "option_spread", "numeric_options",
        "all_none_option", "log_numbers", "number_density", "decimals", "percent", "money", "log_steps",
        "step_density", "log_conditions", "how_many", "which_following", "why_explain", "imperative", "negated_ask",
        "superlative", "code_ask", "code_present", "asks_choice", "asks_number", "asks_reasoning", "proper_nouns",
        "log_sentences", "mean_sentence_words", "blank"};

    private static final Pattern WORD = Pattern.compile("[\\p{L}][\\p{L}'’]*|\\d+(?:[.,]\\d+)*");
    private static final Pattern OPTION = Pattern.compile("(?m)^\\s*\\(?([A-Ea-e])[).:]\\s*(.+)$");
    private static final Pattern NUMBER = Pattern.compile("\\d+(?:[.,]\\d+)*");
    private static final Pattern DECIMAL = Pattern.compile("\\d\\.\\d");
    private static final Pattern MONEY = Pattern.compile("[$€£]\\s?\\d|\\d\\s?(?:dollars|cents|euros)");
    private static final Pattern CODE = Pattern.compile("```|\\bdef |\\breturn\\b|[;{}]\\s*$|==|\\w\\(\\w*\\)",
            Pattern.MULTILINE);
    private static final Pattern BLANK = Pattern.compile("_{2,}|\\(\\s*\\)|\\[\\s*]");
    private static final Set<String> STEPS = Set.of("then", "after", "before", "each", "every", "per", "total",
        "remaining", "left", "more", "less", "times", "twice", "half", "first", "second", "third", "finally", "next",
        "rest", "altogether", "together", "spend", "spends", "spent", "costs", "earns", "buys", "sells", "sum");
    private static final Set<String> CONDITIONS = Set.of("if", "when", "unless", "only", "least", "most", "exactly",
        "except", "without", "must", "should", "assume", "suppose", "given", "while", "whereas", "ensure");
    private static final Set<String> IMPERATIVES = Set.of("write", "calculate", "compute", "find", "determine",
        "prove", "show", "solve", "implement", "create", "evaluate", "derive", "estimate", "simplify", "list");
    private static final Set<String> CODE_WORDS = Set.of("function", "program", "python", "code", "implement",
        "array", "string", "list", "integer", "tuple", "dictionary", "regex", "recursion", "algorithm");
    private static final Pattern NEGATED = Pattern.compile("\\b(NOT|EXCEPT|LEAST|FALSE)\\b|\\b(not true|is not|"
            + "are not|incorrect|false statement|does not|would not)\\b");
    private static final Pattern SUPERLATIVE = Pattern.compile("\\b(most likely|best|most|least|primarily|main|"
            + "primary|greatest|strongest|likely)\\b");
    private static final Pattern ASKS_CHOICE = Pattern.compile("single choice|which of the following|choose|select|"
            + "\\bchoice\\b|answer with the letter");
    private static final Pattern ASKS_REASONING = Pattern.compile("step by step|explain|show your work|justify|why\\b|"
            + "reason");

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

    /** The question and how many solved examples came before it. */
    record Question(String text, int shots) {
    }

    /**
     * The last blank-line-separated block is the question when its last line (such as {@code Answer:}) also ends
     * earlier blocks, each followed by their answer: those blocks are solved examples.
     */
    static Question question(String ask) {
        String text = ask.strip();
        int cut = text.lastIndexOf("\n\n");
        if (cut < 0) {
            return new Question(text, 0);
        }
        String last = text.substring(cut + 2).strip();
        int lineStart = last.lastIndexOf('\n');
        String lastLine = (lineStart < 0 ? last : last.substring(lineStart + 1)).strip();
        if (lastLine.isEmpty() || lastLine.length() > 40) {
            return new Question(text, 0);
        }
        String before = text.substring(0, cut);
        int shots = 0;
        for (int at = before.indexOf(lastLine); at >= 0; at = before.indexOf(lastLine, at + lastLine.length())) {
            shots++;
        }
        return shots >= 1 ? new Question(last, shots) : new Question(text, 0);
    }

    @Override
    public void extract(ChatRequest request, Sink sink) {
        Question q = question(Ask.of(request));
        String text = q.text();
        String lower = text.toLowerCase(Locale.ROOT);
        List<String> options = new ArrayList<>();
        Matcher m = OPTION.matcher(text);
        int stemEnd = text.length();
        while (m.find()) {
            if (options.isEmpty()) {
                stemEnd = m.start();
            }
            options.add(m.group(2).strip());
        }
        if (options.size() < 2) {
            options.clear();
            stemEnd = text.length();
        }
        String stem = text.substring(0, stemEnd);
        List<String> words = words(text);
        List<String> stemWords = words(stem);
        double n = Math.max(1, words.size());
        int numbers = count(NUMBER, stem);
        int steps = 0;
        int conditions = 0;
        int codeWords = 0;
        for (String w : stemWords) {
            String l = w.toLowerCase(Locale.ROOT);
            steps += STEPS.contains(l) ? 1 : 0;
            conditions += CONDITIONS.contains(l) ? 1 : 0;
            codeWords += CODE_WORDS.contains(l) ? 1 : 0;
        }
        double[] optionWords = options.stream().mapToDouble(o -> words(o).size()).toArray();
        double meanOption = mean(optionWords);
        double spread = optionWords.length == 0 || meanOption == 0 ? 0 : sd(optionWords, meanOption) / meanOption;
        long numericOptions = options.stream().filter(o -> NUMBER.matcher(o).lookingAt()).count();
        String firstWord = stemWords.isEmpty() ? "" : stemWords.getFirst().toLowerCase(Locale.ROOT);
        int sentences = Math.max(1, count(Pattern.compile("[.?!](\\s|$)"), stem));
        int i = 0;
        sink.put(i++, Math.log1p(q.shots()));
        sink.put(i++, Math.log1p(words.size()));
        sink.put(i++, words.size() < 15 ? 1 : 0);
        sink.put(i++, words.size() >= 15 && words.size() < 40 ? 1 : 0);
        sink.put(i++, words.size() >= 40 && words.size() < 100 ? 1 : 0);
        sink.put(i++, words.size() >= 100 ? 1 : 0);
        sink.put(i++, Math.log1p(stemWords.size()));
        sink.put(i++, options.size());
        sink.put(i++, Math.log1p(meanOption));
        sink.put(i++, spread);
        sink.put(i++, options.isEmpty() ? 0 : (double) numericOptions / options.size());
        sink.put(i++, lower.contains("all of the above") || lower.contains("none of the above")
                || lower.contains("both a and b") ? 1 : 0);
        sink.put(i++, Math.log1p(numbers));
        sink.put(i++, numbers / Math.max(1.0, stemWords.size()));
        sink.put(i++, DECIMAL.matcher(stem).find() ? 1 : 0);
        sink.put(i++, stem.contains("%") || lower.contains("percent") ? 1 : 0);
        sink.put(i++, MONEY.matcher(lower).find() ? 1 : 0);
        sink.put(i++, Math.log1p(steps));
        sink.put(i++, steps / Math.max(1.0, stemWords.size()));
        sink.put(i++, Math.log1p(conditions));
        sink.put(i++, lower.contains("how many") || lower.contains("how much") ? 1 : 0);
        sink.put(i++, lower.contains("which of the following") || lower.contains("which one of") ? 1 : 0);
        sink.put(i++, firstWord.equals("why") || lower.contains("explain") ? 1 : 0);
        sink.put(i++, IMPERATIVES.contains(firstWord) ? 1 : 0);
        sink.put(i++, NEGATED.matcher(text).find() ? 1 : 0);
        sink.put(i++, SUPERLATIVE.matcher(lower).find() ? 1 : 0);
        sink.put(i++, Math.log1p(codeWords));
        sink.put(i++, CODE.matcher(text).find() ? 1 : 0);
        sink.put(i++, !options.isEmpty() || ASKS_CHOICE.matcher(lower).find() ? 1 : 0);
        sink.put(i++, lower.contains("how many") || lower.contains("how much") || lower.contains("what is the value")
                || lower.contains("calculate") || lower.contains("compute") ? 1 : 0);
        sink.put(i++, ASKS_REASONING.matcher(lower).find() ? 1 : 0);
        sink.put(i++, properNounShare(stem));
        sink.put(i++, Math.log1p(sentences));
        sink.put(i++, stemWords.size() / (double) sentences / 10);
        sink.put(i, BLANK.matcher(text).find() ? 1 : 0);
    }

    private static List<String> words(String s) {
        List<String> out = new ArrayList<>();
        Matcher m = WORD.matcher(s);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    private static int count(Pattern p, String s) {
        int c = 0;
        Matcher m = p.matcher(s);
        while (m.find()) {
            c++;
        }
        return c;
    }

    /** Capitalised words that do not start a sentence or a line, as a share of words. */
    private static double properNounShare(String s) {
        Matcher m = WORD.matcher(s);
        int words = 0;
        int proper = 0;
        int previousEnd = -1;
        while (m.find()) {
            words++;
            boolean sentenceStart = previousEnd < 0 || s.substring(previousEnd, m.start()).matches("(?s).*[.?!:\\n].*");
            if (!sentenceStart && Character.isUpperCase(m.group().charAt(0))) {
                proper++;
            }
            previousEnd = m.end();
        }
        return words == 0 ? 0 : (double) proper / words;
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return v.length == 0 ? 0 : s / v.length;
    }

    private static double sd(double[] v, double mean) {
        double s = 0;
        for (double x : v) {
            s += (x - mean) * (x - mean);
        }
        return Math.sqrt(s / v.length);
    }
}
