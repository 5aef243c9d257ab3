package dev.ladder.text;

import java.util.regex.Pattern;

/**
 * Masks credentials in free text before it is logged: API keys in the {@code sk-...} style (OpenAI's, Anthropic's
 * {@code sk-ant-...}, most OpenAI-compatible servers'), bearer tokens, and values of {@code api_key=...} /
 * {@code "x-api-key": "..."} pairs. Pure; a text with nothing to mask comes back as the same instance. The
 * providers already remove their own configured keys from upstream errors; this catches keys Ladder does not
 * know, such as one a client sent by mistake and an upstream echoed.
 */
public final class SecretMasker {

    public static final String MASK = "****";

    private static final Pattern SK_KEY = Pattern.compile("\\bsk-[A-Za-z0-9_-]{8,}");
    private static final Pattern BEARER = Pattern.compile("(?i)\\b(bearer)\\s+[A-Za-z0-9._~+/=-]{6,}");
    private static final Pattern KEY_VALUE = Pattern.compile(
            "(?i)\\b((?:x-)?api[_-]?key|access[_-]?token|secret|password)(\"?\\s*[:=]\\s*\"?)[^\\s\"',;&]{4,}");

    private SecretMasker() {
    }

    public static String mask(String text) {
        if (text == null || text.isEmpty()) {
            return text == null ? "" : text;
        }
        String out = SK_KEY.matcher(text).replaceAll("sk-" + MASK);
        out = BEARER.matcher(out).replaceAll("$1 " + MASK);
        out = KEY_VALUE.matcher(out).replaceAll("$1$2" + MASK);
        return out.equals(text) ? text : out;
    }
}
