package dev.ladder.embed;

import static java.util.Objects.requireNonNull;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import dev.langchain4j.model.embedding.EmbeddingModel;
import java.lang.System.Logger.Level;
import java.util.function.Supplier;

/**
 * A sentence-embedding model that ships inside a Maven artifact (ONNX weights and tokenizer in the jar, run
 * by ONNX Runtime): nothing is downloaded. The model is loaded on the first call, once, and the load is
 * logged; constructing an {@code OnnxEmbedder} costs nothing.
 */
final class OnnxEmbedder implements Embedder {

    private static final System.Logger LOG = System.getLogger(OnnxEmbedder.class.getName());

    private final String name;
    private final Supplier<EmbeddingModel> loader;
    private final String tokenizerResource;
    private final int maxTokens;
    private final int dimensions;
    private final Lazy<Loaded> loaded = new Lazy<>(this::load);

    private record Loaded(EmbeddingModel model, HuggingFaceTokenizer tokenizer) {
    }

    /**
     * @param loader builds the model (the langchain4j class loads its weights when first touched)
     * @param tokenizerResource the classpath resource of the model's {@code tokenizer.json}, read again here
     *        without truncation to count tokens
     */
    OnnxEmbedder(String name, Supplier<EmbeddingModel> loader, String tokenizerResource, int maxTokens,
            int dimensions) {
        this.name = requireNonNull(name, "name is null");
        this.loader = requireNonNull(loader, "loader is null");
        this.tokenizerResource = requireNonNull(tokenizerResource, "tokenizerResource is null");
        this.maxTokens = maxTokens;
        this.dimensions = dimensions;
    }

    @Override
    public float[] embed(String text) {
        float[] v = loaded().model().embed(text).content().vector();
        if (v.length != dimensions) {
            throw new IllegalStateException(name + " returned " + v.length + " dimensions, expected " + dimensions);
        }
        return Vectors.normalized(v);
    }

    @Override
    public int maxTokens() {
        return maxTokens;
    }

    @Override
    public boolean truncates(String text) {
        return tokens(text) > maxTokens;
    }

    /** The number of tokens the model would see for {@code text} if it read all of it, special tokens included. */
    int tokens(String text) {
        return loaded().tokenizer().encode(text, true, false).getIds().length;
    }

    @Override
    public int dimensions() {
        return dimensions;
    }

    @Override
    public String name() {
        return name;
    }

    private Loaded loaded() {
        return loaded.get();
    }

    private Loaded load() {
        long start = System.nanoTime();
        LOG.log(Level.INFO, "loading embedding model " + name + " (in process, ONNX Runtime) ...");
        HuggingFaceTokenizer tokenizer = Tokenizers.load(tokenizerResource);
        EmbeddingModel model = loader.get();
        model.embed("warm up");
        LOG.log(Level.INFO, "embedding model " + name + " loaded in " + (System.nanoTime() - start) / 1_000_000
                + " ms (" + dimensions + " dimensions, window " + maxTokens + " tokens)");
        return new Loaded(model, tokenizer);
    }
}
