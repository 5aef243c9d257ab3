package dev.ladder.classify;

import java.util.Locale;
import java.util.Set;

/**
 * Pure: the question within a long message that pastes material to work on (retrieval-augmented prompts, "here
 * is an article ... summarise it"), so that the classifier scores what is asked, not how much was pasted. A
 * 2,000-word article followed by "Summarise this in one sentence" is a simple ask; followed by "Compare the
 * methodology of the two studies and derive ..." it is not, and the question alone says so.
 *
 * <p>Only messages of at least {@value #MIN_CHARS} chars are looked at (shorter ones cost one length check).
 * The material is found, first match wins:
 * <ol>
 *   <li>labelled: lines that open a block with a material label ({@code Context:}, {@code Document:},
 *   {@code Article:}, {@code Passage:}, ..., or a tag like {@code <document>}) up to an ask label
 *   ({@code Question:}, {@code Task:}, {@code Instructions:}, ...) or a closing tag; lines quoted with
 *   {@code >}; text between {@code """} lines;</li>
 *   <li>unlabelled: paragraphs (blank-line separated) between a short opening instruction and/or a short
 *   closing question that points at them ("this", "the above", "the following", "the article", ...).</li>
 * </ol>
 * It is material only when it is at least {@value #MIN_MATERIAL_WORDS} words, the ask is at most a third as
 * long, and (unlabelled) it reads as prose: no code fences, few list lines. A long specification with a list
 * of requirements, or pasted code, stays whole: there the length is the ask.
 */
final class AskSplit {

    static final int MIN_CHARS = 1200;
    static final int MIN_MATERIAL_WORDS = 150;
    static final int MAX_OPENING_WORDS = 60;
    static final int MAX_CLOSING_WORDS = 40;
    static final double MAX_LIST_LINE_SHARE = 0.3;

    /** The ask and the material it works on; {@code material} is empty when the message is all ask. */
    record Parts(String ask, String material) {
        boolean split() {
            return !material.isEmpty();
        }
    }

    private static final Set<String> MATERIAL_LABELS = Set.of("context", "contexts", "document", "documents",
            "article", "passage", "passages", "text", "source", "sources", "excerpt", "background", "reference",
            "references", "transcript", "email", "report", "paper", "abstract", "retrieved documents",
            "search results", "knowledge", "input text", "content");
    private static final Set<String> ASK_LABELS = Set.of("question", "questions", "query", "task", "instruction",
            "instructions", "request", "q", "user question", "prompt");
    private static final Set<String> DEICTIC = Set.of("this", "these", "above", "below", "following",
            "text", "article", "document", "documents", "passage", "context", "report", "paper", "papers", "email",
            "story", "excerpt", "transcript", "study", "studies", "essay", "post", "chapter", "abstract");

    private AskSplit() {
    }

    static Parts of(String text) {
        if (text.length() < MIN_CHARS) {
            return new Parts(text, "");
        }
        Parts labelled = hasMarks(text) ? labelled(text) : null;
        if (labelled != null) {
            return labelled;
        }
        Parts unlabelled = unlabelled(text);
        return unlabelled != null ? unlabelled : new Parts(text, "");
    }

    private enum Mode { ASK, MATERIAL, QUOTE, TAG }

    /** One cheap pass: does any line open with a label, a tag, a quote mark or {@code """}? */
    private static boolean hasMarks(String text) {
        for (int start = 0; start < text.length(); ) {
            int end = lineEnd(text, start);
            if (mark(text, start, end)) {
                return true;
            }
            start = end + 1;
        }
        return false;
    }

    /** Whether the line {@code [start, end)} opens with a known label, a known tag, a quote mark or a fence. */
    private static boolean mark(String text, int start, int end) {
        int i = start;
        while (i < end && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        if (i >= end) {
            return false;
        }
        char c = text.charAt(i);
        if (c == '>' || c == '"' && text.startsWith("\"\"\"", i)) {
            return true;
        }
        if (c != '<' && !colonWithin(text, i, Math.min(end, i + 25))) {
            return false;
        }
        String t = text.substring(i, Math.min(end, i + 40)).strip();
        String label = label(t);
        return label != null && (ASK_LABELS.contains(label) || MATERIAL_LABELS.contains(label)) || openingTag(t)
                || t.startsWith("<") && tagLabel(t, 1) != null;
    }

    private static boolean colonWithin(String text, int from, int to) {
        for (int j = from; j < to; j++) {
            if (text.charAt(j) == ':') {
                return true;
            }
        }
        return false;
    }

    private static int lineEnd(String text, int start) {
        int end = text.indexOf('\n', start);
        return end < 0 ? text.length() : end;
    }

    private static Parts labelled(String text) {
        StringBuilder ask = new StringBuilder();
        StringBuilder material = new StringBuilder();
        boolean marked = false;
        Mode mode = Mode.ASK;
        for (int start = 0; start <= text.length(); ) {
            int end = lineEnd(text, start);
            String line = text.substring(start, end);
            start = end + 1;
            String t = line.strip();
            if (mode == Mode.QUOTE) {
                if (t.equals("\"\"\"")) {
                    mode = Mode.ASK;
                } else {
                    append(material, line);
                }
                continue;
            }
            if (mode == Mode.TAG && closingTag(t)) {
                mode = Mode.ASK;
                continue;
            }
            if (t.equals("\"\"\"")) {
                mode = Mode.QUOTE;
                marked = true;
                continue;
            }
            if (mode != Mode.TAG && openingTag(t)) {
                mode = Mode.TAG;
                marked = true;
                continue;
            }
            String label = label(t);
            if (label != null && ASK_LABELS.contains(label)) {
                mode = Mode.ASK;
                marked = true;
                append(ask, t.substring(t.indexOf(':') + 1));
                continue;
            }
            if (label != null && MATERIAL_LABELS.contains(label) && mode != Mode.TAG) {
                mode = Mode.MATERIAL;
                marked = true;
                append(material, t.substring(t.indexOf(':') + 1));
                continue;
            }
            if (mode == Mode.ASK && t.startsWith(">")) {
                append(material, t.substring(1));
                marked = true;
                continue;
            }
            append(mode == Mode.ASK ? ask : material, line);
        }
        return accept(marked, ask.toString().strip(), material.toString().strip());
    }

    /**
     * Paragraphs are separated by blank lines (by line breaks when there is no blank line): the first one may
     * be an opening instruction, the last one a closing question; what lies between is the material.
     */
    private static Parts unlabelled(String text) {
        int firstEnd = blankLine(text, 0);
        int lastStart = lastBlankLine(text);
        if (firstEnd < 0 || lastStart < 0) {
            firstEnd = text.indexOf('\n');
            lastStart = text.lastIndexOf('\n') + 1;
            if (firstEnd < 0 || lastStart <= firstEnd) {
                return null;
            }
        }
        String opening = text.substring(0, firstEnd);
        String closing = text.substring(lastStart);
        boolean opens = words(opening) <= MAX_OPENING_WORDS
                && (opening.strip().endsWith(":") || introduces(opening));
        boolean closes = lastStart > firstEnd && words(closing) <= MAX_CLOSING_WORDS && pointsAtMaterial(closing);
        if (!opens && !closes) {
            return null;
        }
        int from = opens ? firstEnd : 0;
        int to = closes ? lastStart : text.length();
        if (to <= from) {
            return null;
        }
        // checked on the range first: most long prompts end here without copying their text
        int fence = text.indexOf("```", from);
        if (fence >= 0 && fence < to || words(text, from, to) < MIN_MATERIAL_WORDS
                || listLineShare(text, from, to) > MAX_LIST_LINE_SHARE) {
            return null;
        }
        String ask = ((opens ? opening.strip() : "") + (opens && closes ? "\n" : "") + (closes ? closing.strip() : ""));
        return accept(true, ask.strip(), text.substring(from, to).strip());
    }

    /** The index where the first blank line after {@code from} starts, or -1. */
    private static int blankLine(String text, int from) {
        for (int i = text.indexOf('\n', from); i >= 0; i = text.indexOf('\n', i + 1)) {
            int j = i + 1;
            while (j < text.length() && text.charAt(j) != '\n' && Character.isWhitespace(text.charAt(j))) {
                j++;
            }
            if (j < text.length() && text.charAt(j) == '\n' && i > 0 && !text.substring(0, i).isBlank()) {
                return i;
            }
        }
        return -1;
    }

    /** The index after the last blank line that has text after it, or -1 when there is none. */
    private static int lastBlankLine(String text) {
        int end = text.length();
        while (end > 0 && Character.isWhitespace(text.charAt(end - 1))) {
            end--;
        }
        for (int i = text.lastIndexOf('\n', end - 1); i > 0; i = text.lastIndexOf('\n', i - 1)) {
            int j = i - 1;
            while (j >= 0 && text.charAt(j) != '\n' && Character.isWhitespace(text.charAt(j))) {
                j--;
            }
            if (j >= 0 && text.charAt(j) == '\n') {
                return i + 1;
            }
        }
        return -1;
    }

    /** The split, or null when it does not hold up: no marks, no ask, too little material, too long an ask. */
    private static Parts accept(boolean marked, String ask, String material) {
        int materialWords = words(material);
        if (!marked || ask.isEmpty() || materialWords < MIN_MATERIAL_WORDS || words(ask) * 3 > materialWords) {
            return null;
        }
        return new Parts(ask, material);
    }

    /** The lower-case label of a line like {@code Context:} or {@code ### Question:}, or null. */
    private static String label(String t) {
        int colon = t.indexOf(':');
        if (colon <= 0 || colon > 24) {
            return null;
        }
        int from = 0;
        int to = colon;
        while (from < to && (t.charAt(from) == '#' || t.charAt(from) == '*' || Character.isWhitespace(t.charAt(from)))) {
            from++;
        }
        while (to > from && (t.charAt(to - 1) == '*' || Character.isWhitespace(t.charAt(to - 1)))) {
            to--;
        }
        return from == to ? null : t.substring(from, to).toLowerCase(Locale.ROOT);
    }

    private static boolean openingTag(String t) {
        return t.startsWith("<") && !t.startsWith("</") && t.endsWith(">") && tagLabel(t, 1) != null;
    }

    private static boolean closingTag(String t) {
        return t.startsWith("</") && t.endsWith(">") && tagLabel(t, 2) != null;
    }

    private static String tagLabel(String t, int from) {
        int end = from;
        while (end < t.length() && (Character.isLetter(t.charAt(end)) || t.charAt(end) == '_')) {
            end++;
        }
        String name = t.substring(from, end).toLowerCase(Locale.ROOT).replace('_', ' ');
        return MATERIAL_LABELS.contains(name) || name.equals("doc") ? name : null;
    }

    /** An opening that announces material after it ("the following", "below", "here is"). */
    private static boolean introduces(String block) {
        String b = block.toLowerCase(Locale.ROOT);
        return b.contains("following") || b.contains("below") || b.contains("here is") || b.contains("here's");
    }

    /** The block refers to material given elsewhere in the message ("this", "the above", "the article"). */
    private static boolean pointsAtMaterial(String block) {
        String b = block.toLowerCase(Locale.ROOT);
        for (int i = 0; i < b.length(); ) {
            while (i < b.length() && (b.charAt(i) < 'a' || b.charAt(i) > 'z')) {
                i++;
            }
            int start = i;
            while (i < b.length() && b.charAt(i) >= 'a' && b.charAt(i) <= 'z') {
                i++;
            }
            if (i > start && DEICTIC.contains(b.substring(start, i))) {
                return true;
            }
        }
        return false;
    }

    /** The share of non-blank lines that are list items ({@code - x}, {@code * x}, {@code 1. x}, {@code 2) x}). */
    private static double listLineShare(String s, int from, int to) {
        int lines = 0;
        int items = 0;
        for (int start = from; start < to; ) {
            int end = Math.min(to, lineEnd(s, start));
            int i = start;
            while (i < end && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
            if (i < end) {
                lines++;
                if (listItem(s, i, end)) {
                    items++;
                }
            }
            start = end + 1;
        }
        return lines == 0 ? 0 : (double) items / lines;
    }

    private static boolean listItem(String s, int i, int end) {
        char c = s.charAt(i);
        if ((c == '-' || c == '*') && i + 1 < end && s.charAt(i + 1) == ' ') {
            return true;
        }
        int j = i;
        while (j < end && j - i < 2 && Character.isDigit(s.charAt(j))) {
            j++;
        }
        return j > i && j + 1 < end && (s.charAt(j) == '.' || s.charAt(j) == ')') && s.charAt(j + 1) == ' ';
    }

    static int words(String s) {
        return words(s, 0, s.length());
    }

    static int words(String s, int from, int to) {
        int n = 0;
        boolean in = false;
        for (int i = from; i < to; i++) {
            boolean letter = !Character.isWhitespace(s.charAt(i));
            if (letter && !in) {
                n++;
            }
            in = letter;
        }
        return n;
    }

    private static void append(StringBuilder sb, String s) {
        if (!sb.isEmpty()) {
            sb.append('\n');
        }
        sb.append(s);
    }
}
