package org.lamina.graph;

import java.util.Arrays;
import org.lamina.geometry.LocalResponseNormParams;
import org.lamina.layers.Activation;
import org.lamina.layers.FlattenLayer;
import org.lamina.layers.Fused;

/**
 * A handle on a node of a {@link Graph} while it is being built. Its methods add the next layer
 * fed by this node, so that a sequential model reads as a chain.
 */
public class Node {
    protected final Graph graph;
    private String name;

    Node(Graph graph, String name) {
        this.graph = graph;
        this.name = name;
    }

    public String name() {
        return name;
    }

    /** Renames the node (before anything uses it); returns it. */
    public Node name(String newName) {
        graph.rename(name, newName);
        name = newName;
        return this;
    }

    /** The shape of one example at this node. */
    public int[] shape() {
        return graph.shapeOf(name);
    }

    public Graph graph() {
        return graph;
    }

    /** The layer of this node (null for an input). */
    public Layer layer() {
        return graph.def(name).layer;
    }

    protected void reconfigure(Layer layer) {
        graph.reconfigure(name, layer);
    }

    // ------------------------------------------------------------------ the next layer

    public Conv2dNode conv2d(int outChannels, int kernel) {
        return graph.conv2d(this, outChannels, kernel);
    }

    public Node flatten() {
        return graph.node(new FlattenLayer(), this);
    }

    /** Each example's values in {@code shape} (same number of values), as PyTorch's {@code view}. */
    public Node reshape(int... shape) {
        return graph.reshape(this, shape);
    }

    /**
     * A fully connected layer; a node with an image-shaped output is flattened first (in C, H, W
     * order), as is usual before the classifier of a CNN.
     */
    public DenseNode dense(int outFeatures) {
        Node in = shape().length == 1 ? this : flatten();
        return graph.dense(in, outFeatures);
    }

    /** Max pooling, square window, stride = window. */
    public PoolNode maxPool(int kernel) {
        return graph.maxPool(this, kernel);
    }

    /** Max pooling with a stride of its own (overlapping when smaller than the window). */
    public PoolNode maxPool(int kernel, int stride) {
        return graph.maxPool(this, kernel).stride(stride);
    }

    /** Average pooling, square window, stride = window. */
    public PoolNode avgPool(int kernel) {
        return graph.avgPool(this, kernel);
    }

    public PoolNode avgPool(int kernel, int stride) {
        return graph.avgPool(this, kernel).stride(stride);
    }

    public Node globalAvgPool() {
        return graph.globalAvgPool(this);
    }

    public Node lrn(LocalResponseNormParams p) {
        return graph.lrn(this, p);
    }

    /** The sum of this node and {@code other} (a residual connection). */
    public Node add(Node other) {
        return graph.add(this, other);
    }

    public Node batchNorm() {
        return graph.batchNorm(this);
    }

    public Node dropout(double p) {
        return graph.dropout(this, p);
    }

    public Node softmax() {
        return graph.softmax(this);
    }

    public Node logSoftmax() {
        return graph.logSoftmax(this);
    }

    /**
     * Applies {@code a} after this node. When nothing uses this node yet and the activation's
     * gradient follows from its output, it is fused into this node (see {@link Fused}); otherwise it
     * becomes a node of its own. Use {@link Graph#activation} to always get a separate node.
     */
    public Node activation(Activation a) {
        Layer l = layer();
        if (l != null && graph.def(name).consumers == 0 && Fused.canFuse(l, a)) {
            reconfigure(new Fused(l, a));
            return new Node(graph, name);
        }
        return graph.activation(this, a);
    }

    public Node relu() {
        return activation(Activation.relu());
    }

    public Node leakyRelu(double slope) {
        return activation(Activation.leakyRelu(slope));
    }

    public Node elu(double alpha) {
        return activation(Activation.elu(alpha));
    }

    public Node tanh() {
        return activation(Activation.tanh());
    }

    public Node sigmoid() {
        return activation(Activation.sigmoid());
    }

    @Override
    public String toString() {
        return name + " " + Arrays.toString(shape());
    }
}
