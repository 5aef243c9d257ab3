package dev.ladder.embed;

import static java.util.Objects.requireNonNull;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.util.Map;

/**
 * A sentence-transformer run directly on ONNX Runtime, with session options for a small request-path
 * model on few cores: one intra-op thread and no spin-waiting, so inference does not contend with the
 * threads serving requests. Mean pooling over the attention mask, then unit length (as sentence-transformers
 * does). Loads lazily, once; reads the model file and tokenizer that ship in a Maven artifact.
 */
final class OrtEmbedder implements Embedder {

    private static final System.Logger LOG = System.getLogger(OrtEmbedder.class.getName());

    private final String name;
    private final String modelResource;
    private final String tokenizerResource;
    private final int maxTokens;
    private final int dimensions;
    private final Lazy<Loaded> loaded = new Lazy<>(this::load);

    private record Loaded(OrtEnvironment env, OrtSession session, HuggingFaceTokenizer tokenizer) {
    }

    OrtEmbedder(String name, String modelResource, String tokenizerResource, int maxTokens, int dimensions) {
        this.name = requireNonNull(name, "name is null");
        this.modelResource = requireNonNull(modelResource, "modelResource is null");
        this.tokenizerResource = requireNonNull(tokenizerResource, "tokenizerResource is null");
        this.maxTokens = maxTokens;
        this.dimensions = dimensions;
    }

    @Override
    public float[] embed(String text) {
        Loaded l = loaded();
        Encoding enc = l.tokenizer().encode(text, true, false);
        long[] ids = enc.getIds();
        int n = Math.min(ids.length, maxTokens);
        long[] mask = new long[n];
        long[] types = new long[n];
        long[] input = new long[n];
        System.arraycopy(ids, 0, input, 0, n);
        System.arraycopy(enc.getAttentionMask(), 0, mask, 0, n);
        System.arraycopy(enc.getTypeIds(), 0, types, 0, n);
        try (OnnxTensor t1 = OnnxTensor.createTensor(l.env(), new long[][] {input});
                OnnxTensor t2 = OnnxTensor.createTensor(l.env(), new long[][] {mask});
                OnnxTensor t3 = OnnxTensor.createTensor(l.env(), new long[][] {types});
                OrtSession.Result result = l.session().run(Map.of("input_ids", t1, "attention_mask", t2,
                        "token_type_ids", t3))) {
            float[][] hidden = ((float[][][]) result.get(0).getValue())[0];
            float[] pooled = new float[dimensions];
            int counted = 0;
            for (int i = 0; i < n; i++) {
                if (mask[i] == 0) {
                    continue;
                }
                counted++;
                for (int d = 0; d < dimensions; d++) {
                    pooled[d] += hidden[i][d];
                }
            }
            for (int d = 0; d < dimensions; d++) {
                pooled[d] /= Math.max(1, counted);
            }
            return Vectors.normalized(pooled);
        } catch (OrtException e) {
            throw new IllegalStateException(name + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public int maxTokens() {
        return maxTokens;
    }

    @Override
    public boolean truncates(String text) {
        return loaded().tokenizer().encode(text, true, false).getIds().length > maxTokens;
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
        try (InputStream model = resource(modelResource)) {
            HuggingFaceTokenizer tokenizer = Tokenizers.load(tokenizerResource);
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            OrtSession.SessionOptions options = new OrtSession.SessionOptions();
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            options.addConfigEntry("session.intra_op.allow_spinning", "0");
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            OrtSession session = env.createSession(model.readAllBytes(), options);
            LOG.log(Level.INFO, "embedding model " + name + " loaded in " + (System.nanoTime() - start) / 1_000_000
                    + " ms (ONNX Runtime, 1 thread)");
            return new Loaded(env, session, tokenizer);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + modelResource, e);
        } catch (OrtException e) {
            throw new IllegalStateException("cannot load " + modelResource + ": " + e.getMessage(), e);
        }
    }

    private static InputStream resource(String name) {
        InputStream in = OrtEmbedder.class.getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException(name + " is missing from the classpath");
        }
        return in;
    }
}
