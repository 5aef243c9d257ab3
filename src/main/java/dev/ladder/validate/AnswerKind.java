package dev.ladder.validate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ladder.model.ChatRequest;
import dev.ladder.wire.Json;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What kind of answer two models' answers are compared as, and how: a choice letter, a final number, a JSON
 * value, code (normalised), or free text (word overlap). Pure. {@link #detect} picks the kind from the
 * request; {@link #key} reduces an answer to what must agree; {@link #agree} compares two keys.
 */
public enum AnswerKind {
    /** A multiple-choice letter: "B", "(B)", "The answer is B.", "**B) wet palms**". */
    CHOICE,
    /** The final number of a worked answer (GSM8K's "####", "the answer is", the last number). */
    NUMBER,
    /** A JSON value, compared with keys sorted and numbers normalised. */
    JSON,
    /**
     * Code: the first fenced block (or the whole answer) without comments, blank lines and indentation; two
     * solutions agree when their token sets (identifiers, numbers, operators) overlap enough: two independent
     * correct solutions to a short task share most of their names and structure, wrong ones drift apart.
     */
    CODE,
    /** Free text: the same words, mostly (Jaccard overlap of lower-cased word sets). */
    TEXT;

    /** How much two free-text answers' word sets must overlap to agree, unless configured. */
    public static final double TEXT_OVERLAP = 0.6;
    /** How much two code answers' token sets must overlap to agree, unless configured. */
    public static final double CODE_OVERLAP = 0.3;

    private static final Pattern OPTIONS = Pattern.compile("(?m)^\\s*\\(?([A-E])[).:]\\s+\\S");
    private static final Pattern[] CHOICE_PATTERNS = {
        Pattern.compile("(?i)answer(?: is|:)?\\s*[*(\\[]*\\s*([A-E])\\b"),
        Pattern.compile("^[\\s*(\\[]*([A-E])(?:[).:\\]*]|\\s*$|\\s)"),
        Pattern.compile("(?i)\\boption\\s*\\(?([A-E])\\b"),
    };
    private static final Pattern FENCED = Pattern.compile("```[\\w+-]*\\R(.*?)```", Pattern.DOTALL);
    private static final Pattern CODE_ASK = Pattern.compile(
            "(?i)\\b(write|implement|complete|fix)\\b[^.?!]{0,60}\\b(function|method|class|program|script|code)\\b");
    private static final Pattern MATH_ASK = Pattern.compile(
            "(?i)\\b(how many|how much|calculate|compute|what is the (?:total|sum|value|number))\\b");
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+");

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<AnswerKind> parse(String s) {
        for (AnswerKind k : values()) {
            if (k.wireName().equals(s)) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }

    /**
     * The kind a request's answers are compared as: JSON when it asks for JSON; choice when its question lists
     * lettered options; code when it asks for code; number when it asks for a quantity; text otherwise.
     */
    public static AnswerKind detect(ChatRequest request) {
        if (request.responseFormatType().filter(t -> t.startsWith("json")).isPresent()) {
            return JSON;
        }
        String ask = request.lastUserText().isEmpty() ? request.allText() : request.lastUserText();
        Matcher m = OPTIONS.matcher(ask);
        Set<String> letters = new HashSet<>();
        while (m.find()) {
            letters.add(m.group(1));
        }
        if (letters.size() >= 2) {
            return CHOICE;
        }
        if (CODE_ASK.matcher(ask).find() || ask.contains("```")) {
            return CODE;
        }
        if (MATH_ASK.matcher(ask).find()) {
            return NUMBER;
        }
        return TEXT;
    }

    /** What of {@code answer} must agree; empty when the answer has none (no letter, no number, no JSON). */
    public Optional<String> key(String answer) {
        String a = answer.strip();
        return switch (this) {
            case CHOICE -> choice(a);
            case NUMBER -> FinalNumber.in(a, FinalNumber.DEFAULT_MARKERS).map(f -> plain(f.value()));
            case JSON -> json(a);
            case CODE -> code(a);
            case TEXT -> a.isEmpty() ? Optional.empty() : Optional.of(String.join(" ", words(a)));
        };
    }

    /** Do two keys of this kind agree (text and code at their default overlap). */
    public boolean agree(String a, String b) {
        return agree(a, b, this == CODE ? CODE_OVERLAP : TEXT_OVERLAP);
    }

    /** Do two keys of this kind agree; {@code overlap} is the Jaccard share text and code need (others: equal). */
    public boolean agree(String a, String b, double overlap) {
        return switch (this) {
            case TEXT -> jaccard(new HashSet<>(Arrays.asList(a.split(" "))),
                    new HashSet<>(Arrays.asList(b.split(" ")))) >= overlap;
            case CODE -> a.equals(b) || jaccard(tokens(a), tokens(b)) >= overlap;
            default -> a.equals(b);
        };
    }

    private static double jaccard(Set<String> x, Set<String> y) {
        Set<String> union = new HashSet<>(x);
        union.addAll(y);
        Set<String> both = new HashSet<>(x);
        both.retainAll(y);
        return union.isEmpty() ? 0 : (double) both.size() / union.size();
    }

    private static final Pattern CODE_TOKEN = Pattern.compile("[A-Za-z_]\\w*|\\d+|[^\\s\\w]");

    private static Set<String> tokens(String code) {
        Set<String> out = new HashSet<>();
        Matcher m = CODE_TOKEN.matcher(code);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    private static Optional<String> choice(String a) {
        for (Pattern p : CHOICE_PATTERNS) {
            Matcher m = p.matcher(a);
            if (m.find()) {
                return Optional.of(m.group(1).toUpperCase(Locale.ROOT));
            }
        }
        return Optional.empty();
    }

    private static String plain(BigDecimal v) {
        return v.signum() == 0 ? "0" : v.stripTrailingZeros().toPlainString();
    }

    private static Optional<String> json(String a) {
        try {
            JsonNode n = Json.read(JsonAnswer.of(a).json());
            return Optional.of(Json.write(canonical(n)));
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    /** Keys sorted at every level, numbers as plain decimals. */
    private static JsonNode canonical(JsonNode n) {
        if (n.isObject()) {
            Map<String, JsonNode> sorted = new TreeMap<>();
            Iterator<Map.Entry<String, JsonNode>> it = n.properties().iterator();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                sorted.put(e.getKey(), canonical(e.getValue()));
            }
            ObjectNode out = Json.object();
            sorted.forEach(out::set);
            return out;
        }
        if (n.isArray()) {
            var out = Json.NODES.arrayNode();
            n.forEach(x -> out.add(canonical(x)));
            return out;
        }
        if (n.isNumber()) {
            return Json.NODES.textNode(plain(n.decimalValue()));
        }
        return n;
    }

    private static Optional<String> code(String a) {
        Matcher m = FENCED.matcher(a);
        String body = m.find() ? m.group(1) : a;
        StringBuilder out = new StringBuilder();
        for (String line : body.split("\\R")) {
            String l = line.replaceAll("\\s+#.*$|^\\s*#.*$|\\s*//.*$", "").strip().replaceAll("\\s+", " ");
            if (!l.isEmpty()) {
                out.append(l).append('\n');
            }
        }
        return out.isEmpty() ? Optional.empty() : Optional.of(out.toString());
    }

    private static Set<String> words(String a) {
        Set<String> out = new java.util.TreeSet<>();
        Matcher m = WORD.matcher(a.toLowerCase(Locale.ROOT));
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }
}
