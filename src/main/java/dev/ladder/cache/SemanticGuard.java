package dev.ladder.cache;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Vetoes a semantic match that the embedding calls similar but whose words say otherwise. Sentence embeddings
 * place "feeding a 3-week old kitten" next to "feeding an 8 week old kitten", "shipping to the Oslo warehouse"
 * next to "shipping to the Lyon warehouse", and a question next to its negation; a cached answer to one is a
 * wrong answer to the other. The guard objects when, between the two texts:
 * <ul>
 * <li>the numbers differ (digits, and number words read as digits: "ten" is 10);</li>
 * <li>each text names something the other does not (a capitalised or all-caps word that is not in the other
 *     text, by a 5-letter stem): a different name, not a name added for clarity ("Cloud" vs "Acme Cloud");</li>
 * <li>a word of a contrasting pair stands in one text and its opposite in the other (good/bad, best/worst,
 *     male/female, buy/sell, before/after, ...);</li>
 * <li>the number of negations differs (not, no, never, without, n't, ...).</li>
 * </ul>
 * Each rule was kept only when, among QQP pairs above the threshold, it rejects more non-duplicates than
 * duplicates relative to their mix (docs/cache.md). Pure and thread-safe.
 */
public final class SemanticGuard {

    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+(?:['’][\\p{L}]+)?");
    private static final Pattern NUMBER = Pattern.compile("\\d+(?:[.,]\\d+)*");
    private static final int STEM = 5;

    private static final Set<String> NEGATIONS = Set.of("not", "no", "never", "none", "nobody", "nothing", "neither",
            "nor", "without", "cannot", "nowhere", "cant", "dont", "doesnt", "didnt", "isnt", "arent", "wasnt",
            "werent", "wont", "wouldnt", "shouldnt", "couldnt", "hasnt", "havent", "hadnt", "aint", "mustnt",
            "neednt");

    private static final Map<String, String> NUMBER_WORDS = Map.ofEntries(Map.entry("zero", "0"),
            Map.entry("two", "2"), Map.entry("three", "3"), Map.entry("four", "4"), Map.entry("five", "5"),
            Map.entry("six", "6"), Map.entry("seven", "7"), Map.entry("eight", "8"), Map.entry("nine", "9"),
            Map.entry("ten", "10"), Map.entry("eleven", "11"), Map.entry("twelve", "12"), Map.entry("thirteen", "13"),
            Map.entry("fourteen", "14"), Map.entry("fifteen", "15"), Map.entry("sixteen", "16"),
            Map.entry("seventeen", "17"), Map.entry("eighteen", "18"), Map.entry("nineteen", "19"),
            Map.entry("twenty", "20"), Map.entry("thirty", "30"), Map.entry("forty", "40"), Map.entry("fifty", "50"),
            Map.entry("sixty", "60"), Map.entry("seventy", "70"), Map.entry("eighty", "80"), Map.entry("ninety", "90"),
            Map.entry("hundred", "100"), Map.entry("thousand", "1000"), Map.entry("million", "1000000"),
            Map.entry("billion", "1000000000"), Map.entry("trillion", "1000000000000"), Map.entry("third", "3rd"),
            Map.entry("fourth", "4th"), Map.entry("fifth", "5th"), Map.entry("sixth", "6th"),
            Map.entry("seventh", "7th"), Map.entry("eighth", "8th"), Map.entry("ninth", "9th"),
            Map.entry("tenth", "10th"));

    /** Words that start questions and sentences, or are too common to be a name even when capitalised. */
    private static final Set<String> NOT_NAMES = Set.of(("a an the is are was were be been am do does did have has had "
            + "i me my we us our you your he him his she her it its they them their this that these those there here "
            + "what which who whom whose when where why how can could should would will shall may might must to of in "
            + "on at by for with about as into like after over between out from up down and or but if then so than "
            + "too very just also only not no any some all each every more most other such one get make go want way "
            + "best good better thing things really much many im ive id ill help please").split(" "));

    /** Spellings of one name. */
    private static final Map<String, String> ALIASES = Map.of("usa", "us", "america", "us", "britain", "uk");

    private static final Map<String, Set<String>> OPPOSITES = opposites(
            "good bad", "best worst", "better worse", "positive negative", "pros cons", "advantages disadvantages",
            "advantage disadvantage", "benefits drawbacks", "increase decrease", "before after", "male female",
            "boy girl", "boys girls", "men women", "man woman", "husband wife", "father mother", "son daughter",
            "brother sister", "buy sell", "buying selling", "up down", "more less", "most least", "cheap expensive",
            "easy hard", "easy difficult", "easiest hardest", "love hate", "win lose", "true false", "legal illegal",
            "right wrong", "start stop", "import export", "high low", "higher lower", "highest lowest", "old new",
            "old young", "first last", "rich poor", "fast slow", "strong weak", "big small", "large small",
            "long short", "north south", "east west", "left right", "max min", "maximum minimum", "always never",
            "everything nothing", "success failure", "happy sad", "friend enemy", "input output", "entry exit",
            "open close", "profit loss", "gain lose", "healthy unhealthy", "safe dangerous", "introvert extrovert",
            "liberal conservative", "democrat republican", "democrats republicans", "hot cold", "summer winter",
            "day night", "morning evening", "past future", "yesterday tomorrow", "internal external",
            "inside outside", "top bottom", "above below", "over under", "early late", "earlier later",
            "dog cat", "dogs cats", "iphone android", "mac windows", "pc mac");

    private final boolean enabled;

    /** The guard the gateway uses. */
    public SemanticGuard() {
        this(true);
    }

    private SemanticGuard(boolean enabled) {
        this.enabled = enabled;
    }

    /** A guard that lets every match through: only for measuring what the guard is worth (cache-eval --no-guard). */
    public static SemanticGuard disabled() {
        return new SemanticGuard(false);
    }

    /** Why the guard refuses a match, or empty when it lets it through. */
    public Optional<String> objection(String query, String cached) {
        if (!enabled) {
            return Optional.empty();
        }
        Text a = new Text(query);
        Text b = new Text(cached);
        if (!a.numbers.equals(b.numbers)) {
            return Optional.of("numbers differ");
        }
        if (a.unmatchedNames(b) && b.unmatchedNames(a)) {
            return Optional.of("names differ");
        }
        for (String w : a.words) {
            Set<String> opposite = OPPOSITES.get(w);
            if (opposite != null && !b.words.contains(w)) {
                for (String o : opposite) {
                    if (b.words.contains(o) && !a.words.contains(o)) {
                        return Optional.of("opposites: " + w + " / " + o);
                    }
                }
            }
        }
        if (a.negations != b.negations) {
            return Optional.of("negations differ");
        }
        return Optional.empty();
    }

    /** One text, read once: its words, numbers, names and negations. */
    private static final class Text {
        final Set<String> words = new HashSet<>();
        final List<String> numbers = new ArrayList<>();
        final Set<String> names = new HashSet<>();
        int negations;

        Text(String text) {
            Matcher n = NUMBER.matcher(text);
            while (n.find()) {
                numbers.add(n.group().replace(",", ""));
            }
            Matcher m = WORD.matcher(text);
            boolean first = true;
            while (m.find()) {
                String token = m.group();
                String word = token.toLowerCase(Locale.ROOT).replace("’", "").replace("'", "");
                words.add(ALIASES.getOrDefault(word, word));
                String asNumber = NUMBER_WORDS.get(word);
                if (asNumber != null) {
                    numbers.add(asNumber);
                }
                if (NEGATIONS.contains(word)) {
                    negations++;
                }
                if (isName(token, word, first)) {
                    names.add(ALIASES.getOrDefault(word, word));
                }
                first = false;
            }
            numbers.sort(null);
        }

        private static boolean isName(String token, String word, boolean first) {
            if (word.length() < 2 || NOT_NAMES.contains(word) || Character.isDigit(token.charAt(0))) {
                return false;
            }
            boolean allCaps = token.chars().filter(Character::isLetter).allMatch(Character::isUpperCase);
            return allCaps || !first && Character.isUpperCase(token.charAt(0));
        }

        /** True when this text names something the other text does not contain. */
        boolean unmatchedNames(Text other) {
            for (String name : names) {
                if (!other.contains(name)) {
                    return true;
                }
            }
            return false;
        }

        private boolean contains(String word) {
            if (words.contains(word)) {
                return true;
            }
            if (word.length() < STEM) {
                return false;
            }
            String stem = word.substring(0, STEM);
            return words.stream().anyMatch(w -> w.startsWith(stem));
        }
    }

    private static Map<String, Set<String>> opposites(String... pairs) {
        Map<String, Set<String>> out = new HashMap<>();
        for (String pair : pairs) {
            String[] p = pair.split(" ");
            out.computeIfAbsent(p[0], k -> new HashSet<>()).add(p[1]);
            out.computeIfAbsent(p[1], k -> new HashSet<>()).add(p[0]);
        }
        out.replaceAll((k, v) -> Set.copyOf(v));
        return Map.copyOf(out);
    }
}
