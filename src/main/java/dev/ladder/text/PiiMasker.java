package dev.ladder.text;

import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks personal data in free text before it is stored: e-mail addresses become {@value #EMAIL}, phone
 * numbers {@value #PHONE} and payment card numbers {@value #CARD}. Pure and allocation-light: a text with
 * nothing to mask comes back as the same instance.
 *
 * <p>What counts:
 * <ul>
 *   <li>a card is 13-19 digits, optionally split by single spaces or dashes, that pass the Luhn check, so
 *       order ids, timestamps and lists of years are left alone (nine times in ten);
 *   <li>an international phone starts with {@code +} and has 8-15 digits in groups split by spaces, dashes,
 *       dots or parentheses;
 *   <li>a US phone is {@code 415-555-2671}, {@code (415) 555-2671}, {@code 415.555.2671} or
 *       {@code 415 555 2671}, optionally after {@code 1-}. Bare runs of ten digits are not phones: they are
 *       far more often ids and Unix timestamps.
 * </ul>
 * Dates, versions, IP addresses, prices and short numbers do not match.
 */
public final class PiiMasker {

    public static final String EMAIL = "[email]";
    public static final String PHONE = "[phone]";
    public static final String CARD = "[card]";
    /** Replaces a trailing fragment of a cut text that may be the start of personal data. */
    public static final String CUT = "…";

    /** RFC 5321 caps the local part at 64 and a label at 63 characters; the caps also bound backtracking. */
    private static final Pattern EMAIL_PATTERN = Pattern.compile(
            "[A-Za-z0-9._%+-]{1,64}@(?:[A-Za-z0-9-]{1,63}\\.)+[A-Za-z]{2,63}");

    /** Not glued to a word, a sign or a decimal point on either side, so "v4111...", "0.4111..." stay. */
    private static final Pattern CARD_PATTERN = Pattern.compile(
            "(?<![\\w+.,])\\d(?:[ -]?\\d){12,18}(?![\\w]|[.,]\\d)");

    private static final Pattern INTERNATIONAL_PHONE = Pattern.compile(
            "(?<![\\w+])\\+\\d{1,3}(?:[ .-]?(?:\\(\\d{1,4}\\)|\\d{1,4})){1,6}(?![\\w]|[.-]\\d)");

    private static final Pattern US_PHONE = Pattern.compile(
            "(?<![\\w+.-])(?:1[ .-]?)?(?:\\(\\d{3}\\)[ .-]?|\\d{3}[ .-])\\d{3}[ .-]\\d{4}(?![\\w]|[.-]\\d)");

    private static final Pattern CUT_TAIL = Pattern.compile("(?:[\\w.%+-]*@[\\w.-]*|[+(]?\\d[\\d ().-]*)$");

    private static final int MIN_CARD_DIGITS = 13;
    private static final int MAX_CARD_DIGITS = 19;
    private static final int MIN_PHONE_DIGITS = 8;
    private static final int MAX_PHONE_DIGITS = 15;
    /** The shortest phone we mask (a US number) has ten digits; below that only e-mails can match. */
    private static final int MIN_DIGITS_TO_SCAN = 10;

    private PiiMasker() {
    }

    /** True when the text holds an e-mail address, a phone number or a Luhn-valid card number. */
    public static boolean containsPii(String text) {
        return mask(text) != text;
    }

    /** The text with every e-mail address, phone number and Luhn-valid card number masked. */
    public static String mask(String text) {
        String masked = text;
        if (masked.indexOf('@') >= 0) {
            masked = EMAIL_PATTERN.matcher(masked).replaceAll(EMAIL);
        }
        if (countDigits(masked) >= MIN_DIGITS_TO_SCAN) {
            masked = replaceIf(CARD_PATTERN, masked, CARD, MIN_CARD_DIGITS, MAX_CARD_DIGITS, true);
            masked = replaceIf(INTERNATIONAL_PHONE, masked, PHONE, MIN_PHONE_DIGITS, MAX_PHONE_DIGITS, false);
            masked = US_PHONE.matcher(masked).replaceAll(PHONE);
        }
        return masked;
    }

    /**
     * Masks a text that was cut at an arbitrary point, such as a prompt preview. A cut can split an e-mail
     * address or a number so that no pattern recognises it any more; a trailing fragment that may be such a
     * piece (a word with {@code @}, or a run of digits) is replaced by {@value #CUT}.
     */
    public static String maskCut(String text) {
        String masked = mask(text);
        Matcher tail = CUT_TAIL.matcher(masked);
        return tail.find() ? masked.substring(0, tail.start()) + CUT : masked;
    }

    private static String replaceIf(Pattern pattern, String text, String token, int minDigits, int maxDigits,
            boolean luhn) {
        return pattern.matcher(text).replaceAll(match -> matches(match, minDigits, maxDigits, luhn)
                ? token
                : Matcher.quoteReplacement(match.group()));
    }

    private static boolean matches(MatchResult match, int minDigits, int maxDigits, boolean luhn) {
        String s = match.group();
        int digits = countDigits(s);
        return digits >= minDigits && digits <= maxDigits && (!luhn || passesLuhn(s));
    }

    private static int countDigits(CharSequence s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                n++;
            }
        }
        return n;
    }

    /** The Luhn (mod 10) check every payment card number satisfies; non-digits are skipped. */
    static boolean passesLuhn(CharSequence s) {
        int sum = 0;
        boolean doubled = false;
        for (int i = s.length() - 1; i >= 0; i--) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                continue;
            }
            int d = c - '0';
            if (doubled) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            doubled = !doubled;
        }
        return sum % 10 == 0;
    }
}
