package dev.ladder.text;

/**
 * JSON text appended straight to a {@link StringBuilder}, for the small documents written on every request (the
 * request log's JSON lines, the decision log's feature column), where a generator per document cost more than the
 * document (issue 16's profile). Pure.
 */
public final class JsonText {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private JsonText() {
    }

    /** Appends {@code v} as a JSON string: quoted, with quotes, backslashes and control characters escaped. */
    public static StringBuilder appendString(StringBuilder s, String v) {
        s.append('"');
        int plainFrom = 0;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\') {
                continue;
            }
            s.append(v, plainFrom, i);
            plainFrom = i + 1;
            switch (c) {
                case '"' -> s.append("\\\"");
                case '\\' -> s.append("\\\\");
                case '\n' -> s.append("\\n");
                case '\r' -> s.append("\\r");
                case '\t' -> s.append("\\t");
                default -> s.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
        return s.append(v, plainFrom, v.length()).append('"');
    }

    /**
     * Appends {@code v} as a JSON number, as {@link Double#toString} writes it (shortest text that reads back the
     * same double); NaN and the infinities, which JSON has no number for, as the strings {@code "NaN"},
     * {@code "Infinity"} and {@code "-Infinity"}, which is what Jackson writes and reads back as those doubles.
     */
    public static StringBuilder appendNumber(StringBuilder s, double v) {
        return Double.isFinite(v) ? s.append(v) : s.append('"').append(v).append('"');
    }
}
