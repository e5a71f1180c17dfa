package org.lamina.explain;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.lamina.backend.Backend;
import org.lamina.checkpoint.SafeTensors;
import org.lamina.exec.Model;
import org.lamina.golden.GoldenCase;
import org.lamina.golden.GoldenSet;
import org.lamina.graph.Graph;
import org.lamina.graph.Network;
import org.lamina.graph.Node;

/**
 * The ReLU LeNet-5 of the {@code explain_lenet5_*} reference cases (tools/reference/explain_cases.py),
 * trained on Fashion-MNIST in PyTorch, with its test images and PyTorch's input gradients.
 */
final class ReferenceLeNet {
    private ReferenceLeNet() {
    }

    static GoldenCase reference(String method) {
        try {
            GoldenSet set = GoldenSet.open(Path.of(ReferenceLeNet.class.getResource("/golden-explain/index.json")
                    .toURI()).getParent());
            return set.cases().stream().filter(c -> c.name().equals("explain_lenet5_" + method)).findFirst()
                    .orElseThrow();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The registry's lenet5 (variant relu) for 28 x 28 images, as the generator builds it. */
    static Network network() {
        Graph g = new Graph("lenet5");
        Node x = g.input("image", 1, 28, 28);
        Node y = g.conv2d(x, 6, 5).pad(2).name("conv1").relu().maxPool(2).name("pool1");
        y = y.conv2d(16, 5).name("conv2").relu().maxPool(2).name("pool2");
        y = y.dense(120).name("fc1").relu();
        y = y.dense(84).name("fc2").relu();
        g.output(y.dense(10).name("fc3"));
        return g.build();
    }

    static Model model(Backend b, GoldenCase c) {
        Network net = network();
        Map<String, SafeTensors.Entry> weights = new LinkedHashMap<>();
        for (Network.Param p : net.parameters()) {
            String t = p.name().replace('.', '_');
            weights.put(p.name(), new SafeTensors.Entry(c.spec(t).shape(), c.load(t)));
        }
        Model m = new Model(net, b, 0);
        m.load(weights, c.name());
        return m;
    }

    /** PyTorch's map: each pixel's largest |gradient| over the channels (one channel here). */
    static float[] expectedMap(GoldenCase c) {
        float[] g = c.load("grad_input");
        float[] out = new float[g.length];
        for (int i = 0; i < g.length; i++) {
            out[i] = Math.abs(g[i]);
        }
        return out;
    }
}
