package org.lamina.graph;

import org.lamina.backend.ActivationOps.Function;

/**
 * How a backward pass goes through the network's ReLUs (every ReLU node, separate or fused into the
 * layer before it). The forward pass is {@code max(x, 0)} under every rule; only the gradient differs:
 * <ul>
 *   <li>{@link #NORMAL}: the derivative, {@code dx = dy * [x > 0]};</li>
 *   <li>{@link #GUIDED}: guided backpropagation (Springenberg et al. 2015),
 *       {@code dx = dy * [x > 0] * [dy > 0]};</li>
 *   <li>{@link #DECONVNET}: the deconvnet (Zeiler and Fergus 2014), {@code dx = relu(dy)}, whatever x.</li>
 * </ul>
 */
public enum ReluRule {
    NORMAL(Function.RELU),
    GUIDED(Function.GUIDED_RELU),
    DECONVNET(Function.DECONVNET_RELU);

    private final Function function;

    ReluRule(Function function) {
        this.function = function;
    }

    /** The element-wise function whose backward is this rule's. */
    public Function function() {
        return function;
    }
}
