package dev.ladder.text;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks credentials in free text before it is stored, logged or sent to a caller: by pattern (API keys such as
 * {@code sk-...}, {@code sk-ant-...}, {@code sk-ladder-...} and their starred echoes, AWS access key ids, GitHub and
 * Slack tokens, Google API keys, {@code Bearer} tokens, and the value after {@code password}, {@code secret},
 * {@code token} or {@code api_key}) and by entropy (a run of 20 or more letters, digits and {@code +/_=-} that
 * mixes at least three kinds of character with over 3.5 bits of Shannon entropy per character). Each becomes
 * {@value #MASK}. Pure; a text with nothing to mask comes back as the same instance.
 */
public final class SecretMasker {

    public static final String MASK = "[secret]";

    private static final Pattern KEYS = Pattern.compile(
            "(?<![\\w-])(?:sk|pk|rk)-[A-Za-z0-9_*.\\-]{6,}"
                    + "|(?<![A-Z0-9])AKIA[0-9A-Z]{16}(?![A-Z0-9])"
                    + "|(?<!\\w)gh[pousr]_[A-Za-z0-9]{20,}"
                    + "|(?<!\\w)xox[abprs]-[A-Za-z0-9-]{10,}"
                    + "|(?<!\\w)AIza[0-9A-Za-z_\\-]{30,}");

    private static final Pattern BEARER = Pattern.compile("(?i)\\b(bearer)\\s+[A-Za-z0-9._~+/=\\-]{6,}");

    /**
     * A credential word, then "is", ":" or "=" (for a password also a bare space: "password hunter2"), then the
     * value (a run without spaces, at most 200).
     */
    private static final Pattern LABELLED = Pattern.compile(
            "(?i)\\b(pass(?:word|wd|phrase)?|pwd|secret|token|api[_-]?key|access[_-]?key)"
                    + "(\\s*(?:\\s(?:is|was)\\s+|[:=]\\s*)|(?<=(?i:pass|word|passwd|pwd|phrase))\\s+)"
                    + "[\"']?([^\\s\"',;]{1,200})");

    private static final Pattern RUN = Pattern.compile("[A-Za-z0-9+/_=\\-]{20,}");
    private static final double MIN_BITS_PER_CHAR = 3.5;

    private SecretMasker() {
    }

    public static String mask(String text) {
        if (text == null || text.isEmpty() || !mayHoldSecret(text)) {
            return text;
        }
        return maskByPatterns(text);
    }

    /** {@link #mask} without the cheap pre-check: every pattern runs. */
    static String maskByPatterns(String text) {
        String out = KEYS.matcher(text).replaceAll(MASK);
        out = BEARER.matcher(out).replaceAll("$1 " + Matcher.quoteReplacement(MASK));
        out = LABELLED.matcher(out).replaceAll(m -> m.group(3).equals(MASK) ? Matcher.quoteReplacement(m.group())
                : Matcher.quoteReplacement(m.group(1) + m.group(2) + MASK));
        out = RUN.matcher(out).replaceAll(m -> looksRandom(m.group()) ? Matcher.quoteReplacement(MASK)
                : Matcher.quoteReplacement(m.group()));
        return out.equals(text) ? text : out;
    }

    private static final int RUN_LENGTH = 20;

    /**
     * A necessary condition for any pattern to match, in one pass over the text, so a text with nothing to mask
     * (most prompts) costs no regular expression at all. Never false when a pattern could match: each pattern needs
     * one of these, and the pass looks for all of them at once (it used to take a pass per literal, a tenth of
     * the decision-log writer's CPU in issue 16's profile):
     * <ul>
     *   <li>{@code KEYS}: {@code k-} (of {@code sk-}, {@code pk-}, {@code rk-}), {@code AKIA}, {@code AIza},
     *       {@code xox} or {@code gh} + one of {@code pousr} + {@code _};
     *   <li>{@code BEARER}, {@code LABELLED} (ASCII case-insensitive, at a word boundary): a word beginning
     *       {@code bearer}, {@code pass}, {@code pwd}, {@code secret}, {@code token}, {@code api} or
     *       {@code access};
     *   <li>the entropy rule: a run of 20 characters of its set.
     * </ul>
     */
    static boolean mayHoldSecret(String text) {
        int n = text.length();
        int run = 0;
        boolean afterWordChar = false;
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            boolean word = isWordChar(c);
            run = word || c == '+' || c == '/' || c == '=' || c == '-' ? run + 1 : 0;
            if (run >= RUN_LENGTH) {
                return true;
            }
            if (word && (keyLiteralAt(text, i, c) || !afterWordChar && labelWordAt(text, i, c))) {
                return true;
            }
            afterWordChar = word;
        }
        return false;
    }

    /** Whether a literal one of {@code KEYS}' alternatives needs begins at {@code i} (case-sensitive). */
    private static boolean keyLiteralAt(String text, int i, char c) {
        return switch (c) {
            case 'k' -> i + 1 < text.length() && text.charAt(i + 1) == '-';
            case 'A' -> text.startsWith("AKIA", i) || text.startsWith("AIza", i);
            case 'x' -> text.startsWith("xox", i);
            case 'g' -> i + 3 < text.length() && text.charAt(i + 1) == 'h'
                    && "pousr".indexOf(text.charAt(i + 2)) >= 0 && text.charAt(i + 3) == '_';
            default -> false;
        };
    }

    /**
     * Whether a word one of the case-insensitive patterns needs begins at {@code i}. Their {@code (?i)} is ASCII
     * case folding (no {@code UNICODE_CASE}), so {@code c | 0x20} lower-cases every letter that can match.
     */
    private static boolean labelWordAt(String text, int i, char c) {
        return switch (c | 0x20) {
            case 'b' -> text.regionMatches(true, i, "bearer", 0, 6);
            case 'p' -> text.regionMatches(true, i, "pass", 0, 4) || text.regionMatches(true, i, "pwd", 0, 3);
            case 's' -> text.regionMatches(true, i, "secret", 0, 6);
            case 't' -> text.regionMatches(true, i, "token", 0, 5);
            case 'a' -> text.regionMatches(true, i, "api", 0, 3) || text.regionMatches(true, i, "access", 0, 6);
            default -> false;
        };
    }

    /** What {@code \\w} matches, so a word that follows one cannot start at a {@code \\b}. */
    private static boolean isWordChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    }

    /** A short, stable, non-reversible stand-in for an identifier such as an e-mail: {@code u_} and 12 hex. */
    public static String hashed(String value) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return "u_" + HexFormat.of().formatHex(d, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JDK", e);
        }
    }

    static boolean looksRandom(String run) {
        int kinds = 0;
        kinds += run.chars().anyMatch(Character::isUpperCase) ? 1 : 0;
        kinds += run.chars().anyMatch(Character::isLowerCase) ? 1 : 0;
        kinds += run.chars().anyMatch(Character::isDigit) ? 1 : 0;
        kinds += run.chars().anyMatch(c -> "+/_=-".indexOf(c) >= 0) ? 1 : 0;
        return kinds >= 3 && entropy(run) > MIN_BITS_PER_CHAR;
    }

    private static double entropy(String s) {
        int[] counts = new int[128];
        for (int i = 0; i < s.length(); i++) {
            counts[s.charAt(i) & 127]++;
        }
        double bits = 0;
        for (int c : counts) {
            if (c > 0) {
                double p = (double) c / s.length();
                bits -= p * Math.log(p) / Math.log(2);
            }
        }
        return bits;
    }
}
