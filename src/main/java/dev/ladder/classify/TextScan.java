package dev.ladder.classify;

/**
 * One pass over text that fills a {@link Tally}: words and an estimate of their tokens, lexicon cues (each
 * word, and the two- and three-word phrases ending at it, looked up by hash), list items, questions and code
 * syntax. Words are read by a tight inner loop that lower-cases and hashes as it goes; nothing is allocated
 * per char or word. Cost grows with the scanned chars and stops at the budget: 6 to 13 ns per char on a
 * shared 2-core 2.6 GHz VM, depending on its load ({@code HeuristicClassifierBenchmark}).
 *
 * <p>Texts longer than the scan budget are read as a head (three quarters of the budget) and a tail (the
 * rest): a long prompt usually puts its material first and its ask last.
 *
 * <p>Token estimate (no tokenizer call): a word of up to six letters is one token, longer words add one per
 * four further letters, a number one per three digits, each symbol ~0.8 and each line break 0.5; within
 * ±25% of cl100k on English prose and code (see {@code TextScanTest}). Only a word's or phrase's position in
 * a sentence is known, not its grammar, and the cues are English.
 */
final class TextScan {

    private static final byte SYMBOL = 0;
    private static final byte LOWER = 1;
    private static final byte UPPER = 2;
    private static final byte DIGIT = 3;
    private static final byte UNDERSCORE = 4;
    private static final byte SPACE = 5;
    private static final byte NEWLINE = 6;
    private static final byte[] ASCII = new byte[128];

    static {
        for (int c = 'a'; c <= 'z'; c++) {
            ASCII[c] = LOWER;
            ASCII[c - 32] = UPPER;
        }
        for (int c = '0'; c <= '9'; c++) {
            ASCII[c] = DIGIT;
        }
        ASCII['_'] = UNDERSCORE;
        ASCII[' '] = ASCII['\t'] = ASCII['\r'] = ASCII['\f'] = ASCII[0x0B] = SPACE;
        ASCII['\n'] = NEWLINE;
    }

    private static final double SYMBOL_TOKENS = 0.8;
    private static final double LINE_BREAK_TOKENS = 0.5;
    private static final long XCEPTION = pack("xception");
    private static final long ERROR = pack("error");
    private static final long FIVE_CHARS = 0xFF_FFFF_FFFFL;

    private final Lexicon lexicon;
    private final Tally tally;
    private final ListItems list = new ListItems();

    // the word just read, written once per word by readWord (not per char: keeps the hash chain in registers)
    private int wordLength;
    private long wordHash;
    private long hashBeforeLast;
    private char last;
    private char secondLast;
    private long suffix;
    private boolean digitsOnly;
    private boolean identifier;
    private int wordEnd = -1;
    // the phrase so far: hash of the previous word (or Lexicon.SENTENCE_START) and of the bigram ending there
    private long previousWord;
    private long previousBigram;
    // the current line
    private boolean lineHasText;
    private int indent;
    private char lastOnLine;
    private char previousChar;
    private int backticks;

    TextScan(Lexicon lexicon, Tally tally) {
        this.lexicon = lexicon;
        this.tally = tally;
        startText();
    }

    /**
     * Scans {@code text}, at most {@code budget} chars of it (head and tail when longer). Its full token
     * count is extrapolated from the scanned part.
     */
    void scan(String text, int budget) {
        double charsBefore = tally.chars;
        double tokensBefore = tally.tokens;
        int n = text.length();
        if (n <= budget) {
            run(text, 0, n);
        } else {
            int head = budget / 4 * 3;
            run(text, 0, head);
            breakText();
            int tail = n - (budget - head);
            for (int limit = Math.min(n, tail + 64); tail < limit && !Character.isWhitespace(text.charAt(tail)); ) {
                tail++;
            }
            run(text, tail, n);
        }
        endLine();
        startText();
        double scanned = tally.chars - charsBefore;
        if (scanned > 0) {
            tally.fullTokens += (tally.tokens - tokensBefore) * (n / scanned);
        }
    }

    private void run(String s, int from, int to) {
        tally.chars += to - from;
        int i = from;
        while (i < to) {
            char c = s.charAt(i);
            if (c < 128 ? ASCII[c] >= LOWER && ASCII[c] <= UNDERSCORE : c < 0x2E80 && Character.isLetterOrDigit(c)) {
                i = readWord(s, i, to);
                countWord(i < to ? s.charAt(i) : ' ');
                continue;
            }
            advanceList(c);
            if (c < 128 && ASCII[c] == SPACE || c >= 128 && (Character.isSpaceChar(c) || Character.isWhitespace(c))) {
                space(c);
            } else if (c == '\n') {
                newline();
            } else if (c >= 128 && Character.isLetterOrDigit(c)) {
                ideograph();
            } else {
                symbol(c, s, i, to);
            }
            previousChar = c;
            i++;
        }
    }

    /**
     * Reads the word that starts at {@code start} (letters, digits, {@code _}, and apostrophes between
     * letters), lower-casing and hashing it; returns the index after it.
     */
    private int readWord(String s, int start, int to) {
        long hash = Lexicon.EMPTY_HASH;
        long before = hash;
        long tail = 0;
        char lastChar = 0;
        char secondLastChar = 0;
        boolean digits = true;
        boolean inner = false;
        boolean previousWasLower = false;
        int i = start;
        for (; i < to; i++) {
            char c = s.charAt(i);
            char lower;
            boolean upper = false;
            if (c < 128) {
                byte kind = ASCII[c];
                if (kind == LOWER || kind == DIGIT || kind == UNDERSCORE) {
                    lower = c;
                } else if (kind == UPPER) {
                    lower = (char) (c | 0x20);
                    upper = true;
                } else if (c == '\'' && innerApostrophe(s, i, start, to)) {
                    lower = '\'';
                } else {
                    break;
                }
            } else if (c < 0x2E80 && Character.isLetterOrDigit(c)) {
                lower = Character.toLowerCase(c);
                upper = lower != c;
            } else if (c == '\u2019' && innerApostrophe(s, i, start, to)) {
                lower = '\'';
            } else {
                break;
            }
            advanceList(c);
            boolean digit = lower >= '0' && lower <= '9';
            inner |= upper && previousWasLower || lastChar == '_' && i - start > 1 && lower != '_';
            previousWasLower = !upper && !digit && lower != '_';
            digits &= digit;
            before = hash;
            hash = Lexicon.step(hash, lower);
            secondLastChar = lastChar;
            lastChar = lower;
            tail = tail << 8 | (lower & 0xFF);
        }
        wordLength = i - start;
        wordHash = hash;
        hashBeforeLast = before;
        last = lastChar;
        secondLast = secondLastChar;
        suffix = tail;
        digitsOnly = digits;
        identifier = inner;
        wordEnd = i;
        lineHasText = true;
        lastOnLine = 'a';
        previousChar = s.charAt(i - 1);
        return i;
    }

    private static boolean innerApostrophe(String s, int i, int start, int to) {
        return i > start && i + 1 < to && Character.isLetter(s.charAt(i + 1));
    }

    /** CJK and later scripts: no spaces between words, about one token per char. */
    private void ideograph() {
        tally.words++;
        tally.tokens++;
        tally.nonSpace++;
        lineHasText = true;
        lastOnLine = 'a';
        previousWord = 0;
        previousBigram = 0;
    }

    /** Counts the word just read, its size, shape and cues, as a word and as the end of a phrase. */
    private void countWord(char delimiter) {
        tally.words++;
        tally.nonSpace += wordLength;
        tally.tokens += digitsOnly ? (wordLength + 2) / 3 : 1 + Math.max(0, wordLength - 6) / 4.0;
        if (identifier) {
            tally.identifiers++;
        }
        if (delimiter == '(' && wordLength >= 2 && !digitsOnly) {
            tally.calls++;
        }
        if (wordLength > 9 && suffix == XCEPTION || wordLength > 5 && (suffix & FIVE_CHARS) == ERROR) {
            tally.errorNames++;
        }
        long word = digitsOnly ? Lexicon.NUMBER
                : Lexicon.finish(Lexicon.stems(wordLength, last, secondLast) ? hashBeforeLast : wordHash);
        count(lexicon.cues(word));
        long bigram = 0;
        if (previousWord != 0) {
            bigram = Lexicon.combine(previousWord, word);
            count(lexicon.cues(bigram));
            if (previousBigram != 0) {
                count(lexicon.cues(Lexicon.combine(previousBigram, word)));
            }
        }
        previousBigram = bigram;
        previousWord = word;
    }

    private void count(long packed) {
        while (packed != 0) {
            int shift = Long.numberOfTrailingZeros(packed) & ~3;
            tally.cues[shift >>> 2] += ((packed >>> shift) & 0xF) * 0.25;
            packed &= ~(0xFL << shift);
        }
    }

    private void space(char c) {
        if (!lineHasText) {
            indent += c == '\t' ? 4 : 1;
        }
    }

    private void newline() {
        endLine();
        tally.tokens += LINE_BREAK_TOKENS;
        previousWord = Lexicon.SENTENCE_START;
        previousBigram = 0;
    }

    private void symbol(char c, String s, int i, int to) {
        int ended = wordEnd == i ? wordLength : 0;
        tally.nonSpace++;
        tally.tokens += SYMBOL_TOKENS;
        lineHasText = true;
        lastOnLine = c;
        boolean endsSentence = false;
        switch (c) {
            case '{', '}', ';' -> tally.strongSyntax++;
            case '(', ')', '[', ']' -> tally.weakSyntax++;
            case '=' -> {
                tally.strongSyntax++;
                if ("=!<>+-*/:".indexOf(previousChar) >= 0) {
                    tally.operators++;
                }
            }
            case '<' -> tally.weakSyntax++;
            case '>' -> {
                tally.weakSyntax++;
                if (previousChar == '-' || previousChar == '=') {
                    tally.operators++;
                }
            }
            case '&', '|' -> {
                if (previousChar == c) {
                    tally.operators++;
                }
            }
            case '`' -> backtick();
            case '.' -> {
                endsSentence = followedBySpace(s, i, to);
                if (!endsSentence && ended >= 2 && i + 1 < to && Character.isLetter(s.charAt(i + 1))) {
                    tally.dotted++;
                }
            }
            case ':' -> {
                endsSentence = followedBySpace(s, i, to);
                if (previousChar == ':') {
                    tally.operators++;
                }
            }
            case '?', '!' -> {
                endsSentence = followedBySpace(s, i, to);
                if (c == '?') {
                    tally.questions++;
                }
            }
            default -> {
            }
        }
        if (endsSentence) {
            previousWord = Lexicon.SENTENCE_START;
            previousBigram = 0;
        } else if (!keepsPhrase(c)) {
            previousWord = 0;
            previousBigram = 0;
        }
    }

    private void backtick() {
        backticks = previousChar == '`' ? backticks + 1 : 1;
        if (backticks == 1) {
            tally.inlineCode++;
        } else if (backticks == 3) {
            tally.inlineCode--;
            tally.fences++;
        }
    }

    private void endLine() {
        if (lineHasText) {
            if (lastOnLine == ';' || lastOnLine == '{' || lastOnLine == '}') {
                tally.codeLines++;
            }
            if (indent >= 4) {
                tally.indentedLines++;
            }
        }
        lineHasText = false;
        indent = 0;
        lastOnLine = 0;
        list.startLine();
    }

    private void breakText() {
        endLine();
        list.skipLine();
        previousWord = 0;
        previousBigram = 0;
    }

    private void startText() {
        previousWord = Lexicon.SENTENCE_START;
        previousBigram = 0;
        previousChar = '\n';
        backticks = 0;
        wordEnd = -1;
        list.startLine();
    }

    private void advanceList(char c) {
        if (list.advance(c)) {
            tally.listItems++;
        }
    }

    private static boolean followedBySpace(String s, int i, int to) {
        return i + 1 >= to || Character.isWhitespace(s.charAt(i + 1));
    }

    /** Symbols that may sit inside a phrase: quotes, hyphens ("step-by-step"), emphasis, slashes. */
    private static boolean keepsPhrase(char c) {
        return switch (c) {
            case '\'', '"', '`', '-', '*', '/', '\u2018', '\u2019', '\u201C', '\u201D' -> true;
            default -> false;
        };
    }

    private static long pack(String ascii) {
        long p = 0;
        for (int i = 0; i < ascii.length(); i++) {
            p = p << 8 | ascii.charAt(i);
        }
        return p;
    }
}
