package dev.ladder.classify;

/**
 * Recognizes an enumerated line, char by char: "1. ", "2) ", "(a) ", "(iv) ", "b) ", "- ", "* ", "+ ", "• "
 * at the start of a line, after optional indentation. "3.14 is pi", "e.g. this" and "-- note" are not items.
 */
final class ListItems {

    private static final int DONE = 0;
    private static final int START = 1;
    private static final int NUMBER = 2;
    private static final int OPEN = 3;
    private static final int INSIDE = 4;
    private static final int LETTER = 5;
    private static final int MARK = 6;

    private int state = START;

    /** A new line begins. */
    void startLine() {
        state = START;
    }

    /** The rest of this line is no item (the scan resumes mid-line). */
    void skipLine() {
        state = DONE;
    }

    /** Feeds the next char of the line; true when it completes an item marker. */
    boolean advance(char c) {
        if (state == DONE) {
            return false;
        }
        boolean item = state == MARK && (c == ' ' || c == '\t');
        state = switch (state) {
            case START -> c == ' ' || c == '\t' ? START
                    : c == '-' || c == '*' || c == '+' || c == '\u2022' ? MARK
                    : c >= '0' && c <= '9' ? NUMBER
                    : c == '(' ? OPEN
                    : Character.isLetter(c) ? LETTER
                    : DONE;
            case NUMBER -> c >= '0' && c <= '9' ? NUMBER : c == '.' || c == ')' ? MARK : DONE;
            case OPEN, INSIDE -> Character.isLetterOrDigit(c) ? INSIDE : state == INSIDE && c == ')' ? MARK : DONE;
            case LETTER -> c == '.' || c == ')' ? MARK : DONE;
            default -> DONE;
        };
        return item;
    }
}
