package org.lamina.golden;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.lamina.backend.Backend;
import org.lamina.backend.LossOps;
import org.lamina.checkpoint.SafeTensors;
import org.lamina.exec.Executor;
import org.lamina.exec.Model;
import org.lamina.exec.Pass;
import org.lamina.graph.Graph;
import org.lamina.graph.Network;
import org.lamina.graph.Node;
import org.lamina.ops.SoftmaxCrossEntropy;
import org.lamina.tensor.Tensor;

/**
 * Runs the {@code lenet5} case through the whole engine: the network built with {@link Graph},
 * the case's weights loaded, a training-mode forward pass through the {@link Executor} watching
 * every activation, cross-entropy, and reverse-mode differentiation down to the input.
 */
final class LeNet5Cases implements CaseRunner {
    /** Case tensor name of each watched node's activation. */
    private static final Map<String, String> ACTIVATIONS = Map.of("conv1", "conv1_out", "pool1", "pool1_out", "conv2",
            "conv2_out", "pool2", "pool2_out", "fc1", "fc1_out", "fc2", "fc2_out");

    @Override
    public Map<String, float[]> run(GoldenCase c, Backend backend) {
        int[] in = c.spec("input").shape();
        Network net = network(new int[] {in[1], in[2], in[3]}, c.intParam("conv1_padding", 2));
        Map<String, SafeTensors.Entry> weights = new LinkedHashMap<>();
        for (Network.Param p : net.parameters()) {
            String tensor = p.name().replace('.', '_'); // conv1.weight -> conv1_weight
            weights.put(p.name(), new SafeTensors.Entry(c.spec(tensor).shape(), c.load(tensor)));
        }
        Map<String, float[]> out = new LinkedHashMap<>();
        try (Model model = new Model(net, backend, 0); CaseTensors t = new CaseTensors(c, backend)) {
            model.load(weights, "case " + c.name());
            Executor ex = new Executor(model);
            Tensor x = t.load("input");
            Tensor labels = t.load("labels");
            try (Pass pass = ex.forward(Map.of("image", x), 0, ACTIVATIONS.keySet())) {
                ACTIVATIONS.forEach((node, tensor) -> out.put(tensor, pass.activation(node).toArray()));
                Tensor logits = pass.output("fc3"); // the case's logits; fc3 names its parameters
                out.put("logits", logits.toArray());
                try (LossOps.Result loss = new SoftmaxCrossEntropy().forward(logits, labels)) {
                    out.put("loss", loss.loss().toArray());
                    Map<String, Tensor> inputGrads = ex.backward(pass, Map.of("fc3", loss.gradInput()),
                            Set.of("image"));
                    try (Tensor dx = inputGrads.get("image")) {
                        out.put("grad_input", dx.toArray());
                    }
                }
            }
            for (Network.Param p : net.parameters()) {
                out.put("grad_" + p.name().replace('.', '_'), model.grad(p.name()).toArray());
            }
        }
        return out;
    }

    /** LeNet-5 as FORMAT.md describes it, with every pre-activation a node of its own. */
    static Network network(int[] input, int conv1Padding) {
        Graph g = new Graph("lenet5");
        Node x = g.input("image", input);
        Node conv1 = g.conv2d(x, 6, 5).pad(conv1Padding).name("conv1");
        Node pool1 = g.avgPool(g.tanh(conv1), 2).name("pool1");
        Node conv2 = g.conv2d(pool1, 16, 5).name("conv2");
        Node pool2 = g.avgPool(g.tanh(conv2), 2).name("pool2");
        Node fc1 = g.dense(g.flatten(pool2), 120).name("fc1");
        Node fc2 = g.dense(g.tanh(fc1), 84).name("fc2");
        Node logits = g.dense(g.tanh(fc2), 10).name("fc3");
        g.output(logits);
        return g.build();
    }
}
