package org.lamina.graph;

import org.lamina.layers.Conv2dLayer;

/** A convolution node being configured: padding, stride, dilation, groups, bias, initializers. */
public final class Conv2dNode extends Node {

    Conv2dNode(Graph graph, String name) {
        super(graph, name);
    }

    private Conv2dLayer conv() {
        return (Conv2dLayer) layer();
    }

    private Conv2dNode set(Conv2dLayer l) {
        reconfigure(l);
        return this;
    }

    public Conv2dNode pad(int p) {
        return set(conv().withParams(conv().params().padding(p)));
    }

    public Conv2dNode pad(int h, int w) {
        return set(conv().withParams(conv().params().padding(h, w)));
    }

    public Conv2dNode stride(int s) {
        return set(conv().withParams(conv().params().stride(s)));
    }

    public Conv2dNode stride(int h, int w) {
        return set(conv().withParams(conv().params().stride(h, w)));
    }

    public Conv2dNode dilation(int d) {
        return set(conv().withParams(conv().params().dilation(d)));
    }

    /** Channel groups; {@code groups} equal to the input channels makes it depthwise. */
    public Conv2dNode groups(int g) {
        return set(conv().withParams(conv().params().groups(g)));
    }

    /** Depthwise: one group per input channel. */
    public Conv2dNode depthwise() {
        return groups(shapeOfInput()[0]);
    }

    /** Transposed convolution only: extra rows and columns of output. */
    public Conv2dNode outputPadding(int p) {
        return set(conv().withParams(conv().params().outputPadding(p)));
    }

    public Conv2dNode bias(boolean on) {
        return set(conv().withBias(on));
    }

    public Conv2dNode weightInit(Initializer init) {
        return set(conv().withWeightInit(init));
    }

    public Conv2dNode biasInit(Initializer init) {
        return set(conv().withBiasInit(init));
    }

    @Override
    public Conv2dNode name(String newName) {
        super.name(newName);
        return this;
    }

    private int[] shapeOfInput() {
        return graph.shapeOf(graph.def(name()).inputs.get(0));
    }
}
