package dev.ladder.classify;

/**
 * The heuristic classifier's signals, each a number in [0, 1] measured from a {@link Tally}. Counts become
 * signals through saturating curves, so the first pieces of evidence move a signal most and no single count
 * runs away with it. Lexical counts are divided by √(words / 30) (for texts over 30 words): a long text
 * naturally holds more cue words, but density alone would make a short, pointed ask look weak.
 *
 * <p>{@link #key()} is the name under which {@link HeuristicConfig} weighs a signal and the feature name in a
 * {@link dev.ladder.model.Classification}.
 */
enum Signal {

    /**
     * Estimated tokens of the whole text on a log scale: a Hill curve (a logistic in log-tokens) that is 0.5
     * at 150 tokens and 0.95 at 1500: 10 tokens ≈ 0.03, 500 ≈ 0.83.
     */
    LENGTH("length", true) {
        @Override
        double measure(Tally t) {
            double x = Math.pow(t.fullTokens / 150.0, 1.3);
            return x / (1 + x);
        }
    },

    /**
     * Code in or around the ask: fenced blocks, lines ending in ; { or }, indented lines, operators
     * (== -> && ::), camelCase/snake_case identifiers, calls, dotted names, exception names, inline code,
     * the density of code punctuation, and programming keywords (weakest: "Python" alone is a topic).
     */
    CODE("code", true) {
        @Override
        double measure(Tally t) {
            double structure = 1.5 * Math.min(t.fences, 4) + 0.5 * t.codeLines + 0.25 * t.indentedLines
                    + 0.5 * t.operators + 0.4 * t.identifiers + 0.4 * t.calls + 0.3 * t.dotted + t.errorNames
                    + 0.25 * Math.min(t.inlineCode, 8);
            double density = (t.strongSyntax + 0.5 * t.weakSyntax + 2 * t.operators) / Math.max(t.nonSpace, 120);
            double dense = 3 * clamp((density - 0.02) / 0.08);
            return saturate(structure + dense + 0.6 * perWords(t.cue(Cue.CODE), t), 3);
        }
    },

    /** Asks for reasoning: proofs, derivations, step-by-step, trade-offs, analysis, comparison. */
    REASONING("reasoning", true) {
        @Override
        double measure(Tally t) {
            return saturate(perWords(t.cue(Cue.REASONING), t), 2);
        }
    },

    /**
     * Several things asked at once: list items, more than one question mark, sequencing words ("then",
     * "finally"), more than one task verb, and tools offered to the model (an agent turn).
     */
    MULTI_STEP("multi_step", true) {
        @Override
        double measure(Tally t) {
            double extraTasks = Math.max(0, t.cue(Cue.TASK) - 1);
            double x = 0.8 * t.listItems + 0.8 * Math.max(0, t.questions - 1) + perWords(t.cue(Cue.SEQUENCE), t)
                    + 0.8 * perWords(extraTasks, t) + t.tools;
            return saturate(x, 3);
        }
    },

    /** Professional vocabulary: systems and security, maths and ML, law, medicine, finance. */
    DOMAIN("domain", true) {
        @Override
        double measure(Tally t) {
            return saturate(perWords(t.cue(Cue.DOMAIN), t), 2.5);
        }
    },

    /**
     * How open the question is: open cues ("why", "how does", "explain") and nested clauses ("because",
     * "assuming", "unless") raise it; the share of closed cues ("what is", "who", "when") lowers it.
     */
    QUESTION_DEPTH("question_depth", true) {
        @Override
        double measure(Tally t) {
            double deep = t.cue(Cue.DEEP);
            double tasks = 0.4 * Math.min(t.cue(Cue.TASK), 3);
            double open = saturate(deep + tasks + 0.5 * perWords(t.cue(Cue.CLAUSE), t), 2);
            return open * (1 + deep) / (1 + deep + t.cue(Cue.SHALLOW));
        }
    },

    /** Explicit constraints on the answer, and a requested JSON response format. */
    CONSTRAINTS("constraints", true) {
        @Override
        double measure(Tally t) {
            return saturate(perWords(t.cue(Cue.CONSTRAINT), t) + t.structuredOutput, 2.5);
        }
    },

    /**
     * A trivial ask (greeting, lookup, translation, unit conversion, reformat), and only when the ask is
     * short: the cue's strength times 1 / (1 + (words / 30)²), so "what is" inside a long prompt means
     * nothing. Measured on the ask only: context never makes an ask simple.
     */
    SIMPLE("simple", false) {
        @Override
        double measure(Tally t) {
            double shortness = 1 / (1 + Math.pow(t.words / 30, 2));
            return saturate(t.cue(Cue.SIMPLE), 1) * shortness;
        }
    };

    static final int COUNT = values().length;

    private final String key;
    private final boolean readsContext;

    Signal(String key, boolean readsContext) {
        this.key = key;
        this.readsContext = readsContext;
    }

    String key() {
        return key;
    }

    /** Whether the text around the ask (system prompt, earlier turns) may raise this signal. */
    boolean readsContext() {
        return readsContext;
    }

    abstract double measure(Tally t);

    /** 1 - e^(-x/k): 0 at 0, 0.63 at k, approaching 1. */
    static double saturate(double x, double k) {
        return x <= 0 ? 0 : 1 - Math.exp(-x / k);
    }

    static double perWords(double count, Tally t) {
        return t.words <= 30 ? count : count / Math.sqrt(t.words / 30);
    }

    static double clamp(double x) {
        return Math.max(0, Math.min(1, x));
    }
}
