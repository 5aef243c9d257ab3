package dev.ladder.classify;

import static java.util.Objects.requireNonNull;

import dev.ladder.embed.Embedder;
import dev.ladder.embed.Vectors;
import dev.ladder.model.ChatRequest;
import dev.ladder.model.Classification;
import dev.ladder.model.Tier;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Embedding nearest neighbours: the ask (last user message) is embedded with the in-process sentence model
 * and compared with labelled exemplar prompts per tier; the {@code k} most similar vote, weighted by
 * similarity. Confidence is the winning tier's share of the vote. The exemplars are embedded lazily, once,
 * on first use (logged).
 *
 * <p>What is embedded: MiniLM reads 128 tokens and silently drops the rest, so the classifier embeds the
 * first {@value #MAX_WORDS} words of the ask itself (a deterministic cut it knows about, well inside the
 * window) rather than let the model cut wherever. Inference time grows with the text, and the opening words
 * carry the topic; length and structure past them are the heuristic's signals, which run before this one.
 */
public final class KnnClassifier implements Classifier {

    public static final String NAME = "knn";
    public static final String DEFAULT_RESOURCE = "/dev/ladder/classify/exemplars.tsv";
    public static final int DEFAULT_K = 7;
    static final int MAX_WORDS = 24;

    private static final System.Logger LOG = System.getLogger(KnnClassifier.class.getName());

    record Exemplar(Tier tier, String text) {
    }

    private record Indexed(Tier tier, float[] vector) {
    }

    private final Embedder embedder;
    private final List<Exemplar> exemplars;
    private final int k;
    private final ReentrantLock loading = new ReentrantLock();
    private volatile List<Indexed> index;

    public KnnClassifier(Embedder embedder, List<Exemplar> exemplars, int k) {
        this.embedder = requireNonNull(embedder, "embedder is null");
        this.exemplars = List.copyOf(exemplars);
        this.k = k;
        if (k < 1) {
            throw new IllegalArgumentException("k must be >= 1");
        }
        for (Tier t : Tier.values()) {
            if (this.exemplars.stream().noneMatch(e -> e.tier() == t)) {
                throw new IllegalArgumentException("no exemplar for tier " + t.wireName());
            }
        }
    }

    /** The shipped exemplars, or those of {@code file} (lines {@code tier<TAB>prompt}; {@code #} comments). */
    public static KnnClassifier of(Embedder embedder, java.util.Optional<Path> file, int k) {
        try (InputStream in = file.isPresent() ? Files.newInputStream(file.get())
                : KnnClassifier.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            return new KnnClassifier(embedder, parse(requireNonNull(in, "missing " + DEFAULT_RESOURCE)), k);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Exemplar> parse(InputStream in) throws IOException {
        List<Exemplar> out = new ArrayList<>();
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String line;
        int n = 0;
        while ((line = r.readLine()) != null) {
            n++;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int tab = line.indexOf('\t');
            if (tab < 0) {
                throw new IllegalArgumentException("exemplars line " + n + ": expected tier<TAB>prompt");
            }
            String tierName = line.substring(0, tab);
            int lineNo = n;
            Tier tier = Tier.parse(tierName).orElseThrow(() -> new IllegalArgumentException(
                    "exemplars line " + lineNo + ": unknown tier '" + tierName + "'"));
            out.add(new Exemplar(tier, line.substring(tab + 1).strip()));
        }
        return out;
    }

    @Override
    public Classification classify(ChatRequest request) {
        float[] q = embedder.embed(ask(request.lastUserText().isEmpty() ? request.allText() : request.lastUserText()));
        List<Indexed> idx = index();
        double[] sims = new double[idx.size()];
        Integer[] order = new Integer[idx.size()];
        for (int i = 0; i < idx.size(); i++) {
            sims[i] = Vectors.dot(q, idx.get(i).vector());
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(sims[b], sims[a]));
        Map<Tier, Double> votes = new EnumMap<>(Tier.class);
        double total = 0;
        for (int j = 0; j < Math.min(k, order.length); j++) {
            double w = Math.max(0, sims[order[j]]);
            votes.merge(idx.get(order[j]).tier(), w, Double::sum);
            total += w;
        }
        Tier best = Tier.SIMPLE;
        for (Tier t : Tier.values()) {
            if (votes.getOrDefault(t, 0.0) > votes.getOrDefault(best, 0.0)) {
                best = t;
            }
        }
        double share = total == 0 ? 1.0 / 3 : votes.getOrDefault(best, 0.0) / total;
        double score = total == 0 ? 0.5
                : (votes.getOrDefault(Tier.MEDIUM, 0.0) * 0.5 + votes.getOrDefault(Tier.COMPLEX, 0.0)) / total;
        return new Classification(NAME, score, best, share, Map.of("knn_simple", votes.getOrDefault(Tier.SIMPLE, 0.0),
                "knn_medium", votes.getOrDefault(Tier.MEDIUM, 0.0), "knn_complex", votes.getOrDefault(Tier.COMPLEX, 0.0),
                "knn_top_similarity", order.length == 0 ? 0 : sims[order[0]]));
    }

    /** The first {@value #MAX_WORDS} words of the ask: what fits MiniLM's window, cut where we choose. */
    static String ask(String text) {
        String[] words = text.strip().split("\\s+", MAX_WORDS + 1);
        return words.length <= MAX_WORDS ? text.strip() : String.join(" ", Arrays.copyOf(words, MAX_WORDS));
    }

    private List<Indexed> index() {
        List<Indexed> i = index;
        if (i != null) {
            return i;
        }
        loading.lock();
        try {
            if (index == null) {
                long start = System.nanoTime();
                List<Indexed> built = new ArrayList<>(exemplars.size());
                for (Exemplar e : exemplars) {
                    built.add(new Indexed(e.tier(), embedder.embed(e.text())));
                }
                index = List.copyOf(built);
                LOG.log(Level.INFO, "knn classifier: embedded " + built.size() + " exemplars with " + embedder.name()
                        + " in " + (System.nanoTime() - start) / 1_000_000 + " ms");
            }
            return index;
        } finally {
            loading.unlock();
        }
    }

    @Override
    public String name() {
        return NAME;
    }
}
