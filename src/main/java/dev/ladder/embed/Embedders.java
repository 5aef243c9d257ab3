package dev.ladder.embed;

import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;

/** The embedding models that ship with Ladder. */
public final class Embedders {

    private Embedders() {
    }

    /**
     * sentence-transformers all-MiniLM-L6-v2 (384 dimensions). Its bundled tokenizer cuts input at 128 tokens,
     * special tokens included, so that is its window. Not loaded until first used; shared by its users.
     */
    public static Embedder miniLm() {
        return Shared.MINI_LM;
    }

    /**
     * The same all-MiniLM-L6-v2 model file and tokenizer, run directly on ONNX Runtime with one intra-op
     * thread and no spin-waiting: for the request path (the kNN classifier), where tail latency on few
     * cores matters more than the last millisecond of median. Loaded on first use, shared.
     */
    public static Embedder miniLmLean() {
        return Shared.MINI_LM_LEAN;
    }

    /** One instance per process, so the semantic cache and the kNN classifier load the model once between them. */
    private static final class Shared {
        static final Embedder MINI_LM = new OnnxEmbedder("all-MiniLM-L6-v2", AllMiniLmL6V2EmbeddingModel::new,
                "/all-minilm-l6-v2-tokenizer.json", 128, 384);
        static final Embedder MINI_LM_LEAN = new OrtEmbedder("all-MiniLM-L6-v2 (lean)", "/all-minilm-l6-v2.onnx",
                "/all-minilm-l6-v2-tokenizer.json", 128, 384);
    }
}
