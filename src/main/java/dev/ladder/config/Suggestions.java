package dev.ladder.config;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** "Did you mean" for misspelt keys and names: the closest candidate by edit distance, when it is close. */
final class Suggestions {

    private Suggestions() {
    }

    /**
     * The candidate nearest to {@code input} (ignoring case, counting a swap of two neighbours as one edit),
     * if it is within a third of the input's length (at least 1, at most 3 edits). Ties go to the first
     * candidate in iteration order.
     */
    static Optional<String> closest(String input, Collection<String> candidates) {
        String needle = input.toLowerCase(Locale.ROOT);
        int limit = Math.clamp(needle.length() / 3, 1, 3);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            int d = distance(needle, candidate.toLowerCase(Locale.ROOT));
            if (d <= limit && d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        return Optional.ofNullable(best);
    }

    /**
     * The message for a name that names nothing: {@code unknown provider 'opnai'; did you mean 'openai'?}
     * when one is close, else the list of names there are.
     */
    static String unknown(String noun, String name, Collection<String> known) {
        Optional<String> near = closest(name, known);
        if (near.isPresent()) {
            return "unknown " + noun + " '" + name + "'; did you mean '" + near.get() + "'?";
        }
        return "unknown " + noun + " '" + name + "'; "
                + (known.isEmpty() ? "none are configured" : "expected one of " + String.join(", ", known));
    }

    /** Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
