package dev.ladder.classify;

import java.util.ArrayList;
import java.util.List;

/**
 * How a trained classifier is built: which feature blocks, the size of the hashed n-gram space, the L2
 * strength, and the shares of training prompts that the default tier thresholds put in the medium and complex
 * tiers. {@link #DEFAULTS} is the recipe of the shipped model; {@code ladder eval --folds} cross-validates a
 * recipe, not one model.
 *
 * @param blocks feature blocks by name, built-in ones: {@code heuristic}, {@code text}, {@code form}, {@code words}
 * @param bits the hashed n-gram space has {@code 2^bits} buckets
 * @param l2 L2 penalty on the (standardised) weights
 * @param complexShare share of training prompts at or above the default {@code complex} threshold
 * @param mediumShare share of training prompts at or above the default {@code medium} threshold (>= complexShare)
 * @param taskShift when the training rows come from several tasks: fit one intercept per task and drop them
 *        afterwards (their row-weighted mean joins the bias), so the features are not rewarded for telling the
 *        tasks apart by their base rates, only for ranking prompts within a task
 * @param balanceTasks when the training rows come from several tasks: weight rows so each task counts equally
 */
public record TrainingSpec(List<String> blocks, int bits, double l2, int maxIterations, double complexShare,
        double mediumShare, boolean taskShift, boolean balanceTasks) {

    public static final TrainingSpec DEFAULTS = new TrainingSpec(
            List.of(HeuristicBlock.NAME, TextStatsBlock.NAME, HashedNgramBlock.NAME), 16, 1e-3, 300, 0.3, 0.6, true,
            true);

    public TrainingSpec(List<String> blocks, int bits, double l2, int maxIterations, double complexShare,
            double mediumShare) {
        this(blocks, bits, l2, maxIterations, complexShare, mediumShare, false, false);
    }

    public TrainingSpec {
        blocks = List.copyOf(blocks);
        if (blocks.isEmpty()) {
            throw new IllegalArgumentException("blocks is empty");
        }
        if (bits < HashedNgramBlock.MIN_BITS || bits > HashedNgramBlock.MAX_BITS) {
            throw new IllegalArgumentException("bits must be in [" + HashedNgramBlock.MIN_BITS + ", "
                    + HashedNgramBlock.MAX_BITS + "]: " + bits);
        }
        if (!(l2 >= 0)) {
            throw new IllegalArgumentException("l2 must be >= 0: " + l2);
        }
        if (!(complexShare > 0 && complexShare <= mediumShare && mediumShare < 1)) {
            throw new IllegalArgumentException("shares must satisfy 0 < complex <= medium < 1");
        }
    }

    public TrainingSpec withL2(double newL2) {
        return new TrainingSpec(blocks, bits, newL2, maxIterations, complexShare, mediumShare, taskShift,
                balanceTasks);
    }

    public TrainingSpec withBlocks(List<String> newBlocks) {
        return new TrainingSpec(newBlocks, bits, l2, maxIterations, complexShare, mediumShare, taskShift,
                balanceTasks);
    }

    public TrainingSpec withTasks(boolean shift, boolean balance) {
        return new TrainingSpec(blocks, bits, l2, maxIterations, complexShare, mediumShare, shift, balance);
    }

    FeatureSpace space(FeatureBlocks registry) {
        List<FeatureBlock> made = new ArrayList<>();
        for (String name : blocks) {
            com.fasterxml.jackson.databind.node.ObjectNode spec = com.fasterxml.jackson.databind.node.JsonNodeFactory
                    .instance.objectNode().put("name", name).put("bits", bits);
            made.add(registry.create(spec).orElseThrow(
                    () -> new IllegalArgumentException("unknown feature block '" + name + "'")));
        }
        return new FeatureSpace(made);
    }
}
