package dev.ladder.classify;

import java.util.ArrayList;
import java.util.List;
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
        List<String> lines = text.lines().toList();
        Parts labelled = labelled(lines);
        if (labelled != null) {
            return labelled;
        }
        Parts unlabelled = unlabelled(text);
        return unlabelled != null ? unlabelled : new Parts(text, "");
    }

    private enum Mode { ASK, MATERIAL, QUOTE, TAG }

    private static Parts labelled(List<String> lines) {
        StringBuilder ask = new StringBuilder();
        StringBuilder material = new StringBuilder();
        boolean marked = false;
        Mode mode = Mode.ASK;
        for (String line : lines) {
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

    private static Parts unlabelled(String text) {
        String[] blocks = text.strip().split("\\n\\s*\\n");
        if (blocks.length < 2) {
            blocks = text.strip().split("\\n");
        }
        if (blocks.length < 2) {
            return null;
        }
        int first = 0;
        int last = blocks.length;
        StringBuilder ask = new StringBuilder();
        if (words(blocks[0]) <= MAX_OPENING_WORDS && (blocks[0].strip().endsWith(":") || introduces(blocks[0]))) {
            append(ask, blocks[0]);
            first = 1;
        }
        if (last - first >= 2 && words(blocks[last - 1]) <= MAX_CLOSING_WORDS && pointsAtMaterial(blocks[last - 1])) {
            append(ask, blocks[last - 1]);
            last--;
        }
        if (first == 0 && last == blocks.length) {
            return null;
        }
        StringBuilder material = new StringBuilder();
        for (int i = first; i < last; i++) {
            append(material, blocks[i]);
        }
        String m = material.toString();
        if (m.contains("```") || listLineShare(m) > MAX_LIST_LINE_SHARE) {
            return null;
        }
        return accept(true, ask.toString().strip(), m.strip());
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
        String head = t.substring(0, colon).replaceAll("^[#*\\s]+|[*\\s]+$", "").toLowerCase(Locale.ROOT);
        return head.isEmpty() ? null : head;
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
        for (String w : block.toLowerCase(Locale.ROOT).split("[^a-z]+")) {
            if (DEICTIC.contains(w)) {
                return true;
            }
        }
        return false;
    }

    private static double listLineShare(String s) {
        int lines = 0;
        int items = 0;
        for (String line : s.split("\\n")) {
            String t = line.strip();
            if (t.isEmpty()) {
                continue;
            }
            lines++;
            if (t.startsWith("- ") || t.startsWith("* ") || t.matches("^\\d{1,2}[.)]\\s.*")) {
                items++;
            }
        }
        return lines == 0 ? 0 : (double) items / lines;
    }

    static int words(String s) {
        int n = 0;
        boolean in = false;
        for (int i = 0; i < s.length(); i++) {
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
