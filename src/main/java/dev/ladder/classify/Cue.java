package dev.ladder.classify;

/**
 * Kinds of lexical evidence a word or phrase of the {@link Lexicon} can carry. A lexicon entry may carry
 * several (e.g. "prove" is both a reasoning cue and a task verb). At most 16 kinds: each is a 4-bit field
 * of a lexicon value.
 */
enum Cue {
    /** Asks for reasoning: "prove", "derive", "step by step", "trade-offs", "compare". */
    REASONING,
    /** Sequencing between parts of an ask: "then", "after that", "finally", "step 2". */
    SEQUENCE,
    /** Professional vocabulary: distributed systems, security, maths, law, medicine, finance. */
    DOMAIN,
    /** Explicit constraints on the answer: "must", "at least", "as JSON", "200 words". */
    CONSTRAINT,
    /** Trivial asks: greetings, "capital of", "translate", "convert", "how many". */
    SIMPLE,
    /** Programming keywords and topics: "def", "void", "stack trace", "refactor". */
    CODE,
    /** Open questions: "why", "how does", "explain", "what if". */
    DEEP,
    /** Closed questions: "what is", "who", "when", "which". */
    SHALLOW,
    /** Imperative task verbs; several of them mean several tasks: "write", "implement", "list". */
    TASK,
    /** Subordinating words that nest clauses: "because", "unless", "assuming", "such that". */
    CLAUSE;

    static final int COUNT = values().length;

    static {
        if (COUNT > 16) {
            throw new AssertionError("a lexicon value holds at most 16 cue kinds");
        }
    }
}
