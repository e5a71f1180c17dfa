package org.lamina.spark;

import java.util.Map;
import org.lamina.graph.Graph;
import org.lamina.graph.Network;
import org.lamina.graph.Node;
import org.lamina.spi.Architecture;
import org.lamina.spi.Options;

/**
 * A small classifier with an auxiliary head weighted 0.3, as GoogLeNet's, for the Spark tests: the
 * executors build it by name from their registry (it is a service of the test class path).
 */
public final class TwoHeadsArchitecture implements Architecture {
    @Override
    public String name() {
        return "spark-test-two-heads";
    }

    @Override
    public String description() {
        return "a convolution, a main classifier and an auxiliary one (tests only)";
    }

    @Override
    public Network build(int[] inputShape, int classes, Options options) {
        Graph g = new Graph(name());
        Node x = g.input("image", inputShape);
        Node t = g.relu(g.conv2d(x, 4, 5).stride(2));
        Node f = g.relu(g.dense(g.flatten(g.maxPool(t, 2)), 16));
        g.output(g.dense(f, classes).name("logits"), g.dense(g.flatten(t), classes).name("aux"));
        return g.build();
    }

    @Override
    public Map<String, Double> auxiliaryLossWeights() {
        return Map.of("aux", 0.3);
    }
}
