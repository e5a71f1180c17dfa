package org.lamina.graph;

import org.lamina.backend.Backend;
import org.lamina.tensor.Tensor;
import org.osgi.annotation.versioning.ProviderType;

/**
 * What the executor gives a layer while it runs one node: the backend, the mode, the node's
 * parameter values, a place for parameter gradients and for what forward keeps for backward.
 */
@ProviderType
public interface LayerContext {

    Backend backend();

    /**
     * Training (dropout active, batch statistics) or inference (dropout off, running statistics). A
     * backward pass may follow in either mode (gradients of an evaluated network, for visualization):
     * layers {@link #save} what their backward reads in both, and the executor drops it when no
     * backward follows.
     */
    boolean training();

    /** How backward goes through ReLUs in this pass: their derivative unless a visualization asks otherwise. */
    default ReluRule reluRule() {
        return ReluRule.NORMAL;
    }

    /** The node's name, for messages. */
    String node();

    /** The value of the node's parameter {@code name} (as in its {@link ParamSpec}). */
    Tensor param(String name);

    /** Hands over the gradient of parameter {@code name}; the executor owns and accumulates it. */
    void gradient(String name, Tensor grad);

    /** Whether the gradient of input {@code i} is wanted (it is not for the graph's first layer, say). */
    boolean needsInputGradient(int i);

    /**
     * Keeps {@code state} from forward for backward (max-pool indices, batch statistics). Tensors
     * inside it are closed by the executor after backward when {@code state} is a Tensor or
     * {@link AutoCloseable}.
     */
    void save(Object state);

    /** What forward saved. */
    <T> T saved(Class<T> type);

    /** A seed for this node and step (dropout masks), the same on every backend. */
    long seed();
}
