package org.lamina.inspect;

import org.lamina.graph.Graph;
import org.lamina.graph.Network;
import org.lamina.graph.Node;

/** A LeNet in miniature for the inspection tests: 1x16x16 in, two convolutions with pooling, three classes. */
final class SmallNet {
    private SmallNet() {
    }

    /**
     * conv1 4@5x5 pad 2, ReLU, 2x2 max pool, conv2 6@3x3, ReLU, pool, dense 3 ("logits"). The field of
     * conv2 is 10x10 with jump 2 starting at row -2.
     */
    static Network network() {
        return network(1);
    }

    static Network network(int channels) {
        Graph g = new Graph("small");
        Node x = g.input("image", channels, 16, 16);
        Node c1 = g.conv2d(x, 4, 5).pad(2).name("conv1");
        Node p1 = c1.relu().maxPool(2).name("pool1");
        Node c2 = p1.conv2d(6, 3).name("conv2");
        Node p2 = c2.relu().maxPool(2).name("pool2");
        g.output(p2.dense(3).name("logits"));
        return g.build();
    }
}
