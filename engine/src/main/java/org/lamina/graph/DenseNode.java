package org.lamina.graph;

import org.lamina.layers.DenseLayer;

/** A fully connected node being configured: bias, initializers. */
public final class DenseNode extends Node {

    DenseNode(Graph graph, String name) {
        super(graph, name);
    }

    private DenseNode set(DenseLayer l) {
        reconfigure(l);
        return this;
    }

    public DenseNode bias(boolean on) {
        return set(((DenseLayer) layer()).withBias(on));
    }

    public DenseNode weightInit(Initializer init) {
        return set(((DenseLayer) layer()).withWeightInit(init));
    }

    public DenseNode biasInit(Initializer init) {
        return set(((DenseLayer) layer()).withBiasInit(init));
    }

    @Override
    public DenseNode name(String newName) {
        super.name(newName);
        return this;
    }
}
