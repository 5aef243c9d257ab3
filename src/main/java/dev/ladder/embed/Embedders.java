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

    /** One instance per process, so the semantic cache and the kNN classifier load the model once between them. */
    private static final class Shared {
        static final Embedder MINI_LM = new OnnxEmbedder("all-MiniLM-L6-v2", AllMiniLmL6V2EmbeddingModel::new,
                "/all-minilm-l6-v2-tokenizer.json", 128, 384);
    }
}
