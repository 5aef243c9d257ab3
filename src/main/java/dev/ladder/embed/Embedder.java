package dev.ladder.embed;

/**
 * Turns text into a sentence embedding, in process. Implementations are safe for concurrent use and load
 * their model lazily, once, on first use.
 */
public interface Embedder {

    /** The embedding of {@code text}, normalised to unit length (so a dot product is the cosine). */
    float[] embed(String text);

    /** The longest input the model reads whole, in tokens of its own tokenizer, special tokens included. */
    int maxTokens();

    /**
     * True when the model would not read all of {@code text}: it is longer than {@link #maxTokens()}. Two
     * texts that differ only past the cut embed identically, so a cache must not match on such a text.
     */
    boolean truncates(String text);

    /** The number of dimensions of every embedding. */
    int dimensions();

    /** The model's name, for logs and reports. */
    String name();
}
