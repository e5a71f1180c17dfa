package org.lamina.exec;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.lamina.graph.ReluRule;
import org.lamina.tensor.Tensor;

/**
 * What {@link Executor#gradients} computes from an {@link Executor#inspect} pass: the gradient at
 * the nodes {@code at} of the scalar whose gradients at the nodes {@code seeds} are given (a class
 * score: a one-hot at the logits; a DeepDream or style loss: its gradient at a layer's activation),
 * with the network's ReLUs differentiated by {@code relu}.
 *
 * @param seeds node name to the gradient of that node's activation ({@code [N, ...]}, its shape;
 *     kept by the caller); several seeds add up
 * @param at the nodes whose gradients are returned, in this order: inputs (saliency) or any layer (Grad-CAM)
 * @param relu how the ReLUs are differentiated: {@link ReluRule#NORMAL} for true gradients,
 *     {@link ReluRule#GUIDED} or {@link ReluRule#DECONVNET} for those visualizations
 */
public record GradientRequest(Map<String, Tensor> seeds, Set<String> at, ReluRule relu) {

    public GradientRequest {
        Objects.requireNonNull(relu, "relu");
        if (seeds.isEmpty()) {
            throw new IllegalArgumentException("a gradient request needs at least one seed");
        }
        if (at.isEmpty()) {
            throw new IllegalArgumentException("a gradient request needs at least one node to return the gradient at");
        }
        seeds = Collections.unmodifiableMap(new LinkedHashMap<>(seeds));
        at = Collections.unmodifiableSet(new LinkedHashSet<>(at));
    }

    /** The true gradients at {@code at} from one seed. */
    public static GradientRequest of(String seedNode, Tensor seed, String... at) {
        return new GradientRequest(Map.of(seedNode, seed), new LinkedHashSet<>(List.of(at)), ReluRule.NORMAL);
    }

    /** This request with the ReLUs differentiated by {@code rule}. */
    public GradientRequest with(ReluRule rule) {
        return new GradientRequest(seeds, at, rule);
    }
}
