package dev.ladder.classify;

/**
 * What {@link TextScan} counted in a request's text: structure (words, lines, lists, code syntax) and lexical
 * cues. Counts are weighted: the ask adds 1 per occurrence, context text adds its share (see
 * {@link HeuristicClassifier}), so every field reads as "occurrences, in ask-equivalents". A few values
 * describe the ask alone; they are frozen by {@link #closeAsk} before context is scanned. One per request,
 * not thread-safe.
 */
final class Tally {

    // size
    double chars;
    double nonSpace;
    double words;
    double tokens;
    // structure
    double lines;
    double sentences;
    double questions;
    double listItems;
    // code
    double fences;
    double inlineCode;
    double strongSyntax;
    double weakSyntax;
    double operators;
    double codeLines;
    double indentedLines;
    double identifiers;
    double calls;
    double dotted;
    double errorNames;
    // lexical cues, in points
    final double[] cues = new double[Cue.COUNT];
    // request-level hints
    double structuredOutput;
    double tools;
    // the ask alone
    double askWords;
    double askTokens;
    double askSimple;
    private double askScannedTokens;

    double cue(Cue cue) {
        return cues[cue.ordinal()];
    }

    /**
     * Freezes the ask's own values; call once, after scanning the ask and before scanning context.
     * {@code askLength} is the ask's full length in chars: when only part of it was scanned, its token count
     * is extrapolated from the scanned part, so a long ask still reads as long.
     */
    void closeAsk(int askLength) {
        askWords = words;
        askScannedTokens = tokens;
        askTokens = chars == 0 ? 0 : tokens * (askLength / chars);
        askSimple = cue(Cue.SIMPLE);
    }

    /** Estimated tokens of the whole ask plus the weighted tokens of the context that was scanned. */
    double totalTokens() {
        return askTokens + (tokens - askScannedTokens);
    }
}
