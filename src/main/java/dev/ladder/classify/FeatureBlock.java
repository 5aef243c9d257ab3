package dev.ladder.classify;

import dev.ladder.model.ChatRequest;

/**
 * One group of features the trained classifier reads from a request: the heuristic's signals, text statistics,
 * hashed n-grams, and later sentence embeddings. A block writes {@link #size()} features at indices
 * {@code 0..size-1} of its own range; the model file names its blocks, so a model trained with a block can only
 * be loaded where that block exists.
 *
 * <p>This is the seam for features that need a model of their own (an in-process sentence embedder): such a
 * block implements this interface where the embedder lives, and the composition root hands it to
 * {@link TrainedModel#load} through a {@link FeatureBlocks} registry. Blocks are pure and thread-safe.
 */
public interface FeatureBlock {

    /** The block's name in the model file, e.g. {@code "text"}. */
    String name();

    /** How many features the block writes. */
    int size();

    /**
     * Whether the block's values are dense, real-valued measurements that the model standardises (z-scores
     * from the training data); hashed indicator blocks are not standardised.
     */
    boolean dense();

    /** The name of feature {@code i}, for model files and explanations. */
    String featureName(int i);

    /** Writes the request's features through {@code sink}, indices relative to this block. */
    void extract(ChatRequest request, Sink sink);

    /** Receives one feature value; an index may be written more than once (hash collisions add up). */
    @FunctionalInterface
    interface Sink {
        void put(int index, double value);
    }
}
