package dev.ladder.classify;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ladder.model.ChatRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * A logistic-regression model of "the cheap model will fail on this request", over the features of a
 * {@link TrainingSpec}, with the tier thresholds that turn its probability into a tier and what it was trained
 * on. Immutable and thread-safe.
 *
 * <p><b>Model file</b> (JSON, {@value #FORMAT} version {@value #VERSION}):
 * <pre>{@code
 * {"format": "ladder-router", "version": 1,
 *  "predicts": "P(cheap model fails) ...",
 *  "features": {"blocks": [{"name": "heuristic", "size": 10}, {"name": "words", "bits": 16, "size": 65536}, ...],
 *               "l2": 0.003},
 *  "dense": [{"name": "text.log_chars", "mean": 5.1, "scale": 0.9, "weight": 0.21}, ...],
 *  "sparse": {"words": "<base64 of little-endian float32 weights, one per bucket>"},
 *  "bias": -0.8,
 *  "thresholds": {"medium": 0.31, "complex": 0.44},
 *  "training": {"files": [...], "rows": 14037, "positives": 4479, "created": "...", "metrics": {...}, ...}}
 * }</pre>
 * Dense weights apply to standardised values ({@code (x - mean) / scale}); sparse (hashed) weights to the raw
 * values. A newer version than this code knows, or a block it does not know, fails the load with a reason.
 */
public final class TrainedModel {

    public static final String FORMAT = "ladder-router";
    public static final int VERSION = 1;
    /** The shipped model, trained on the RouteLLM MMLU and GSM8K data (see {@code docs/eval.md}). */
    public static final String DEFAULT_RESOURCE = "/dev/ladder/classify/default-router.json";

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final TrainingSpec spec;
    private final FeatureSpace space;
    private final int[] denseIndices;
    /** For each feature index below the highest dense one, its place among the dense features, else -1. */
    private final int[] denseSlot;
    /** The dense features' names, in {@link #denseIndices} order. */
    private final String[] denseNames;
    private final double[] mean;
    private final double[] scale;
    /** Coefficients on standardised dense / raw sparse features. */
    private final double[] weights;
    private final double bias;
    /** Coefficients on raw features, the standardisation folded in; and the matching bias. */
    private final double[] effective;
    private final double effectiveBias;
    private final double mediumAt;
    private final double complexAt;
    private final ObjectNode training;

    private TrainedModel(TrainingSpec spec, FeatureSpace space, int[] denseIndices, double[] mean, double[] scale,
            double[] weights, double bias, double mediumAt, double complexAt, ObjectNode training) {
        this.spec = spec;
        this.space = space;
        this.denseIndices = denseIndices;
        int highest = -1;
        for (int j : denseIndices) {
            highest = Math.max(highest, j);
        }
        this.denseSlot = new int[highest + 1];
        Arrays.fill(denseSlot, -1);
        this.denseNames = new String[denseIndices.length];
        for (int k = 0; k < denseIndices.length; k++) {
            denseSlot[denseIndices[k]] = k;
            denseNames[k] = space.featureName(denseIndices[k]);
        }
        this.mean = mean;
        this.scale = scale;
        this.weights = weights;
        this.bias = bias;
        if (!(mediumAt > 0 && mediumAt <= complexAt && complexAt < 1)) {
            throw new IllegalArgumentException("thresholds must satisfy 0 < medium <= complex < 1: " + mediumAt
                    + ", " + complexAt);
        }
        this.mediumAt = mediumAt;
        this.complexAt = complexAt;
        this.training = training;
        this.effective = weights.clone();
        double b = bias;
        for (int k = 0; k < denseIndices.length; k++) {
            int j = denseIndices[k];
            effective[j] = weights[j] / scale[k];
            b -= weights[j] * mean[k] / scale[k];
        }
        this.effectiveBias = b;
    }

    static TrainedModel fit(TrainingSpec spec, FeatureSpace space, List<SparseRow> raw, double[] labels) {
        return fit(spec, space, raw, labels, new int[raw.size()], 1);
    }

    /**
     * @param task the task of each row, 0..tasks-1: with {@link TrainingSpec#taskShift} each task gets an intercept
     *        of its own while fitting, replaced afterwards by their row-weighted mean; with
     *        {@link TrainingSpec#balanceTasks} each task's rows weigh as much in total as every other task's
     */
    static TrainedModel fit(TrainingSpec spec, FeatureSpace space, List<SparseRow> raw, double[] labels, int[] task,
            int tasks) {
        int[] dense = denseIndices(space);
        double[] mean = new double[dense.length];
        double[] scale = new double[dense.length];
        int[] slot = new int[space.dimension()];
        Arrays.fill(slot, -1);
        for (int k = 0; k < dense.length; k++) {
            slot[dense[k]] = k;
        }
        double[][] values = new double[raw.size()][dense.length];
        for (int r = 0; r < raw.size(); r++) {
            SparseRow row = raw.get(r);
            for (int i = 0; i < row.indices().length; i++) {
                int k = slot[row.indices()[i]];
                if (k >= 0) {
                    values[r][k] += row.values()[i];
                }
            }
        }
        for (int k = 0; k < dense.length; k++) {
            double sum = 0;
            double sq = 0;
            for (double[] v : values) {
                sum += v[k];
                sq += v[k] * v[k];
            }
            mean[k] = sum / raw.size();
            double variance = Math.max(0, sq / raw.size() - mean[k] * mean[k]);
            scale[k] = variance > 1e-12 ? Math.sqrt(variance) : 1;
        }
        List<SparseRow> standardised = new ArrayList<>(raw.size());
        for (int r = 0; r < raw.size(); r++) {
            SparseRow.Builder b = new SparseRow.Builder();
            for (int k = 0; k < dense.length; k++) {
                b.put(dense[k], (values[r][k] - mean[k]) / scale[k]);
            }
            SparseRow row = raw.get(r);
            for (int i = 0; i < row.indices().length; i++) {
                if (slot[row.indices()[i]] < 0) {
                    b.put(row.indices()[i], row.values()[i]);
                }
            }
            standardised.add(b.build());
        }
        double[] rowWeights = new double[raw.size()];
        Arrays.fill(rowWeights, 1);
        int[] perTask = new int[tasks];
        for (int t : task) {
            perTask[t]++;
        }
        if (spec.balanceTasks() && tasks > 1) {
            for (int r = 0; r < raw.size(); r++) {
                rowWeights[r] = (double) raw.size() / (tasks * perTask[task[r]]);
            }
        }
        boolean shift = spec.taskShift() && tasks > 1;
        int dimension = space.dimension() + (shift ? tasks : 0);
        if (shift) {
            for (int r = 0; r < raw.size(); r++) {
                SparseRow row = standardised.get(r);
                int[] idx = Arrays.copyOf(row.indices(), row.indices().length + 1);
                double[] val = Arrays.copyOf(row.values(), row.values().length + 1);
                idx[idx.length - 1] = space.dimension() + task[r];
                val[val.length - 1] = 1;
                standardised.set(r, new SparseRow(idx, val));
            }
        }
        double[] coefficients = LogisticRegression.fit(standardised, labels, rowWeights, dimension,
                new LogisticRegression.Options(spec.l2(), spec.maxIterations(), 1e-7));
        double fittedBias = coefficients[dimension];
        if (shift) {
            double total = 0;
            for (int r = 0; r < raw.size(); r++) {
                total += rowWeights[r] * coefficients[space.dimension() + task[r]];
            }
            fittedBias += total / Arrays.stream(rowWeights).sum();
        }
        double[] w = Arrays.copyOf(coefficients, space.dimension());
        if (shift || spec.balanceTasks() && tasks > 1) {
            fittedBias = meanMatching(standardised, w, fittedBias, labels);
        }
        boolean[] isDense = new boolean[w.length];
        for (int j : dense) {
            isDense[j] = true;
        }
        for (int j = 0; j < w.length; j++) {
            if (!isDense[j]) {
                w[j] = (float) w[j]; // the file keeps hashed weights as float32: keep what it will load
            }
        }
        TrainedModel unthresholded = new TrainedModel(spec, space, dense, mean, scale, w, fittedBias, 0.5, 0.5,
                MAPPER.createObjectNode());
        double[] predictions = new double[raw.size()];
        for (int r = 0; r < raw.size(); r++) {
            predictions[r] = unthresholded.predictRaw(raw.get(r));
        }
        Arrays.sort(predictions);
        double medium = quantile(predictions, 1 - spec.mediumShare());
        double complex = quantile(predictions, 1 - spec.complexShare());
        return unthresholded.withThresholds(clampProbability(medium), clampProbability(Math.max(medium, complex)));
    }

    /**
     * The bias that makes the mean prediction over the training rows (each counted once) equal their label rate:
     * task weights and intercepts are for ranking; the probability should mean the rate over the traffic trained on.
     */
    private static double meanMatching(List<SparseRow> rows, double[] w, double bias, double[] labels) {
        double target = Arrays.stream(labels).average().orElse(0.5);
        double[] z = new double[rows.size()];
        for (int r = 0; r < z.length; r++) {
            SparseRow row = rows.get(r);
            double sum = 0;
            for (int i = 0; i < row.indices().length; i++) {
                int j = row.indices()[i];
                sum += j < w.length ? w[j] * row.values()[i] : 0;
            }
            z[r] = sum;
        }
        double b = bias;
        for (int iteration = 0; iteration < 50; iteration++) {
            double mean = 0;
            double slope = 0;
            for (double v : z) {
                double p = LogisticRegression.sigmoid(v + b);
                mean += p;
                slope += p * (1 - p);
            }
            mean /= z.length;
            slope /= z.length;
            if (Math.abs(mean - target) < 1e-9 || slope < 1e-12) {
                break;
            }
            b -= (mean - target) / slope;
        }
        return b;
    }

    private static double quantile(double[] sorted, double q) {
        int i = (int) Math.min(sorted.length - 1, Math.max(0, Math.round(q * (sorted.length - 1))));
        return sorted[i];
    }

    private static double clampProbability(double p) {
        return Math.max(1e-6, Math.min(1 - 1e-6, p));
    }

    private static int[] denseIndices(FeatureSpace space) {
        List<Integer> out = new ArrayList<>();
        for (int b = 0; b < space.blocks().size(); b++) {
            FeatureBlock block = space.blocks().get(b);
            if (block.dense()) {
                for (int i = 0; i < block.size(); i++) {
                    out.add(space.offset(b) + i);
                }
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The probability that the cheap model fails on {@code request}. */
    public double predict(ChatRequest request) {
        return predictRaw(space.extract(request));
    }

    double predictRaw(SparseRow row) {
        return LogisticRegression.sigmoid(row.dot(effective) + effectiveBias);
    }

    FeatureSpace space() {
        return space;
    }

    /** The request's features, as {@link #predictRaw} and {@link #denseFeatures(SparseRow, int)} take them. */
    SparseRow extract(ChatRequest request) {
        return space.extract(request);
    }

    /** The dense features of a request by name, for explanations and the decision log. */
    java.util.Map<String, Double> denseFeatures(ChatRequest request) {
        return denseFeatures(space.extract(request), 0);
    }

    /**
     * The dense features of an extracted row by name, in a map with room for {@code extra} more entries. Only the
     * row's own entries are visited: no array the size of the feature space per call (65,562 ints for the shipped
     * model, 285 KB allocated per classification before; ClassifierChainBenchmark.trainedOnMix).
     */
    java.util.Map<String, Double> denseFeatures(SparseRow row, int extra) {
        double[] values = new double[denseIndices.length];
        int[] indices = row.indices();
        for (int i = 0; i < indices.length; i++) {
            int j = indices[i];
            int k = j < denseSlot.length ? denseSlot[j] : -1;
            if (k >= 0) {
                values[k] += row.values()[i];
            }
        }
        java.util.Map<String, Double> out = java.util.HashMap.newHashMap(denseIndices.length + extra);
        for (int k = 0; k < denseIndices.length; k++) {
            out.put(denseNames[k], values[k]);
        }
        return out;
    }

    public double mediumAt() {
        return mediumAt;
    }

    public double complexAt() {
        return complexAt;
    }

    public TrainingSpec spec() {
        return spec;
    }

    /** What the model was trained on, as written in its file (a copy). */
    public ObjectNode training() {
        return training.deepCopy();
    }

    public TrainedModel withThresholds(double newMediumAt, double newComplexAt) {
        return new TrainedModel(spec, space, denseIndices, mean, scale, weights, bias, newMediumAt, newComplexAt,
                training);
    }

    public TrainedModel withTraining(ObjectNode newTraining) {
        return new TrainedModel(spec, space, denseIndices, mean, scale, weights, bias, mediumAt, complexAt,
                requireNonNull(newTraining, "training is null").deepCopy());
    }

    // ---- model file ----

    public ObjectNode toJson() {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("format", FORMAT);
        root.put("version", VERSION);
        root.put("predicts", "P(cheap model fails): the probability that the weak / cheap tier answers this "
                + "request wrongly, so the strong model is needed");
        ObjectNode features = root.putObject("features");
        ArrayNode blocks = features.putArray("blocks");
        space.blocks().forEach(b -> blocks.add(FeatureBlocks.spec(b)));
        features.put("l2", spec.l2());
        features.put("max_iterations", spec.maxIterations());
        features.put("complex_share", spec.complexShare());
        features.put("medium_share", spec.mediumShare());
        features.put("task_shift", spec.taskShift());
        features.put("balance_tasks", spec.balanceTasks());
        ArrayNode dense = root.putArray("dense");
        for (int k = 0; k < denseIndices.length; k++) {
            ObjectNode d = dense.addObject();
            d.put("name", space.featureName(denseIndices[k]));
            d.put("mean", mean[k]);
            d.put("scale", scale[k]);
            d.put("weight", weights[denseIndices[k]]);
        }
        ObjectNode sparse = root.putObject("sparse");
        for (int b = 0; b < space.blocks().size(); b++) {
            FeatureBlock block = space.blocks().get(b);
            if (!block.dense()) {
                ByteBuffer buf = ByteBuffer.allocate(block.size() * 4).order(ByteOrder.LITTLE_ENDIAN);
                for (int i = 0; i < block.size(); i++) {
                    buf.putFloat((float) weights[space.offset(b) + i]);
                }
                sparse.put(block.name(), Base64.getEncoder().encodeToString(buf.array()));
            }
        }
        root.put("bias", bias);
        ObjectNode thresholds = root.putObject("thresholds");
        thresholds.put("medium", mediumAt);
        thresholds.put("complex", complexAt);
        root.set("training", training.deepCopy());
        return root;
    }

    public void write(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            MAPPER.writeValue(file.toFile(), toJson());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write model file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Loads a model file; fails with {@link IllegalArgumentException} naming the reason. */
    public static TrainedModel load(Path file) {
        return load(file, FeatureBlocks.BUILT_IN);
    }

    public static TrainedModel load(Path file, FeatureBlocks registry) {
        JsonNode root;
        try {
            root = MAPPER.readTree(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("model file " + file + ": no such file");
        } catch (IOException e) {
            throw new IllegalArgumentException("model file " + file + ": not valid JSON (" + e.getMessage() + ")");
        }
        try {
            return fromJson(root, registry);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("model file " + file + ": " + e.getMessage(), e);
        }
    }

    /** The shipped model. */
    public static TrainedModel loadDefault() {
        try (InputStream in = TrainedModel.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the shipped model " + DEFAULT_RESOURCE + " is missing from the classpath");
            }
            return fromJson(MAPPER.readTree(in), FeatureBlocks.BUILT_IN);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the shipped model " + DEFAULT_RESOURCE, e);
        }
    }

    static TrainedModel fromJson(JsonNode root, FeatureBlocks registry) {
        if (root == null || !root.isObject() || !FORMAT.equals(root.path("format").asText())) {
            throw new IllegalArgumentException("not a Ladder router model (\"format\" is not \"" + FORMAT + "\")");
        }
        int version = root.path("version").asInt(-1);
        if (version < 1 || version > VERSION) {
            throw new IllegalArgumentException("model format version " + root.path("version")
                    + " is not supported; this Ladder reads versions 1.." + VERSION);
        }
        JsonNode features = root.path("features");
        List<FeatureBlock> blocks = new ArrayList<>();
        List<String> names = new ArrayList<>();
        int bits = TrainingSpec.DEFAULTS.bits();
        for (JsonNode spec : features.path("blocks")) {
            FeatureBlock block = registry.create(spec).orElseThrow(() -> new IllegalArgumentException(
                    "unknown feature block '" + spec.path("name").asText() + "'"));
            if (spec.has("size") && spec.path("size").asInt() != block.size()) {
                throw new IllegalArgumentException("feature block '" + block.name() + "' has size "
                        + spec.path("size").asInt() + " in the file but " + block.size() + " here");
            }
            if (block instanceof HashedNgramBlock h) {
                bits = h.bits();
            }
            blocks.add(block);
            names.add(block.name());
        }
        if (blocks.isEmpty()) {
            throw new IllegalArgumentException("features.blocks is empty");
        }
        TrainingSpec spec = new TrainingSpec(names, bits, features.path("l2").asDouble(0),
                features.path("max_iterations").asInt(TrainingSpec.DEFAULTS.maxIterations()),
                features.path("complex_share").asDouble(TrainingSpec.DEFAULTS.complexShare()),
                features.path("medium_share").asDouble(TrainingSpec.DEFAULTS.mediumShare()),
                features.path("task_shift").asBoolean(false), features.path("balance_tasks").asBoolean(false));
        FeatureSpace space = new FeatureSpace(blocks);
        int[] dense = denseIndices(space);
        double[] weights = new double[space.dimension()];
        double[] mean = new double[dense.length];
        double[] scale = new double[dense.length];
        JsonNode denseNode = root.path("dense");
        if (denseNode.size() != dense.length) {
            throw new IllegalArgumentException("\"dense\" has " + denseNode.size() + " entries; the blocks have "
                    + dense.length + " dense features");
        }
        for (int k = 0; k < dense.length; k++) {
            JsonNode d = denseNode.get(k);
            String expected = space.featureName(dense[k]);
            if (!expected.equals(d.path("name").asText())) {
                throw new IllegalArgumentException("dense[" + k + "] is '" + d.path("name").asText() + "', expected '"
                        + expected + "'");
            }
            mean[k] = d.path("mean").asDouble();
            scale[k] = d.path("scale").asDouble(1);
            if (!(scale[k] > 0)) {
                throw new IllegalArgumentException("dense[" + k + "].scale must be > 0");
            }
            weights[dense[k]] = d.path("weight").asDouble();
        }
        for (int b = 0; b < blocks.size(); b++) {
            FeatureBlock block = blocks.get(b);
            if (block.dense()) {
                continue;
            }
            String encoded = root.path("sparse").path(block.name()).asText("");
            byte[] bytes;
            try {
                bytes = Base64.getDecoder().decode(encoded);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("sparse." + block.name() + " is not base64");
            }
            if (bytes.length != block.size() * 4) {
                throw new IllegalArgumentException("sparse." + block.name() + " holds " + bytes.length / 4
                        + " weights; the block has " + block.size());
            }
            ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < block.size(); i++) {
                weights[space.offset(b) + i] = buf.getFloat();
            }
        }
        JsonNode thresholds = root.path("thresholds");
        JsonNode training = root.path("training");
        return new TrainedModel(spec, space, dense, mean, scale, weights, root.path("bias").asDouble(),
                thresholds.path("medium").asDouble(0.5), thresholds.path("complex").asDouble(0.5),
                training.isObject() ? (ObjectNode) training.deepCopy() : MAPPER.createObjectNode());
    }
}
