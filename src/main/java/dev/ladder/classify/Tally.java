package dev.ladder.classify;

/**
 * What {@link TextScan} counted in some text (the ask, or the context around it): size, structure (list
 * items, questions), code syntax and lexical cues. Counts are doubles because cue strengths are fractional.
 * One per text per request; not thread-safe.
 */
final class Tally {

    // size
    double chars;
    double nonSpace;
    double words;
    /** Estimated tokens of the scanned chars. */
    double tokens;
    /** Estimated tokens of the whole texts, extrapolated from the scanned part of each. */
    double fullTokens;
    // structure
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
    // request-level hints, set on the ask's tally
    double structuredOutput;
    double tools;

    double cue(Cue cue) {
        return cues[cue.ordinal()];
    }
}
