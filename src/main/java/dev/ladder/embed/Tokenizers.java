package dev.ladder.embed;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/** Reads a model's bundled {@code tokenizer.json} from the classpath, without truncation or padding. */
final class Tokenizers {

    private Tokenizers() {
    }

    static HuggingFaceTokenizer load(String resource) {
        try (InputStream in = Tokenizers.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("tokenizer " + resource + " is missing from the classpath");
            }
            return HuggingFaceTokenizer.newInstance(in, Map.of("truncation", "false", "padding", "false"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read tokenizer " + resource, e);
        }
    }
}
