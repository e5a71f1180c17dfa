package org.lamina.graph;

import org.lamina.layers.PoolLayer;

/** A pooling node being configured: stride, padding, ceil mode, whether padding counts in averages. */
public final class PoolNode extends Node {

    PoolNode(Graph graph, String name) {
        super(graph, name);
    }

    private PoolLayer pool() {
        return (PoolLayer) layer();
    }

    private PoolNode set(PoolLayer l) {
        reconfigure(l);
        return this;
    }

    public PoolNode stride(int s) {
        return set(pool().withParams(pool().params().stride(s)));
    }

    public PoolNode stride(int h, int w) {
        return set(pool().withParams(pool().params().stride(h, w)));
    }

    public PoolNode pad(int p) {
        return set(pool().withParams(pool().params().padding(p)));
    }

    public PoolNode pad(int h, int w) {
        return set(pool().withParams(pool().params().padding(h, w)));
    }

    public PoolNode ceilMode(boolean on) {
        return set(pool().withParams(pool().params().ceilMode(on)));
    }

    /** Average pooling only: whether zero padding counts in the divisor (PyTorch's default: yes). */
    public PoolNode countIncludePad(boolean on) {
        return set(pool().withCountIncludePad(on));
    }

    @Override
    public PoolNode name(String newName) {
        super.name(newName);
        return this;
    }
}
