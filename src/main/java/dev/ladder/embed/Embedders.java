package dev.ladder.embed;

import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;

/** The embedding models that ship with Ladder. */
public final class Embedders {

    private Embedders() {
    }

    /**
     * sentence-transformers all-MiniLM-L6-v2 (384 dimensions). Its bundled tokenizer cuts input at 128 tokens,
     * special tokens included, so that is its window. Not loaded until first used.
     */
    public static Embedder miniLm() {
        return new OnnxEmbedder("all-MiniLM-L6-v2", AllMiniLmL6V2EmbeddingModel::new, "/all-minilm-l6-v2-tokenizer.json",
                128, 384);
    }
}
