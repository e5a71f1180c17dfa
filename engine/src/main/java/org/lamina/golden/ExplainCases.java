package org.lamina.golden;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.lamina.backend.Backend;
import org.lamina.checkpoint.SafeTensors;
import org.lamina.exec.Executor;
import org.lamina.exec.GradientRequest;
import org.lamina.exec.Model;
import org.lamina.exec.Pass;
import org.lamina.graph.Graph;
import org.lamina.graph.Network;
import org.lamina.graph.Node;
import org.lamina.graph.ReluRule;
import org.lamina.tensor.Tensor;

/**
 * Runs the {@code explain_lenet5} cases through the executor's inspection API: LeNet-5 with ReLUs
 * and max pooling (the registry's {@code lenet5}, variant relu) built with {@link Graph}, the case's
 * weights loaded, an inference-mode pass, a one-hot of each image's top class seeded at the logits,
 * and the gradient at the image under the case's ReLU rule (vanilla saliency, guided backpropagation,
 * deconvnet).
 */
final class ExplainCases implements CaseRunner {
    static final String OP = "explain_lenet5";

    @Override
    public Map<String, float[]> run(GoldenCase c, Backend backend) {
        int[] in = c.spec("input").shape();
        Network net = network(new int[] {in[1], in[2], in[3]});
        ReluRule rule = rule(c);
        Map<String, SafeTensors.Entry> weights = new LinkedHashMap<>();
        for (Network.Param p : net.parameters()) {
            String tensor = p.name().replace('.', '_'); // conv1.weight -> conv1_weight
            weights.put(p.name(), new SafeTensors.Entry(c.spec(tensor).shape(), c.load(tensor)));
        }
        Map<String, float[]> out = new LinkedHashMap<>();
        try (Model model = new Model(net, backend, 0); CaseTensors t = new CaseTensors(c, backend)) {
            model.load(weights, "case " + c.name());
            Executor ex = new Executor(model);
            try (Pass pass = ex.inspect(Map.of("image", t.load("input")), Set.of())) {
                float[] logits = pass.output("fc3").toArray();
                out.put("logits", logits);
                int classes = logits.length / in[0];
                float[] oneHot = new float[logits.length];
                for (int n = 0; n < in[0]; n++) {
                    int top = 0;
                    for (int k = 1; k < classes; k++) {
                        if (logits[n * classes + k] > logits[n * classes + top]) {
                            top = k;
                        }
                    }
                    oneHot[n * classes + top] = 1;
                }
                Tensor seed = t.keep(backend.tensor(oneHot, in[0], classes));
                Map<String, Tensor> g = ex.gradients(pass, GradientRequest.of("fc3", seed, "image").with(rule));
                try (Tensor dx = g.get("image")) {
                    out.put("grad_input", dx.toArray());
                }
            }
        }
        return out;
    }

    private static ReluRule rule(GoldenCase c) {
        String r = c.params().has("rule") ? c.params().get("rule").getAsString() : "normal";
        try {
            return ReluRule.valueOf(r.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(c.dir().resolve("case.json") + ": params.rule '" + r
                    + "' is not normal, guided or deconvnet");
        }
    }

    /** The registry's lenet5, variant relu: the same node and parameter names, ReLUs fused. */
    static Network network(int[] input) {
        int padH = Math.max(0, (32 - input[1]) / 2), padW = Math.max(0, (32 - input[2]) / 2);
        Graph g = new Graph("lenet5");
        Node x = g.input("image", input);
        Node y = g.conv2d(x, 6, 5).pad(padH, padW).name("conv1").relu().maxPool(2).name("pool1");
        y = y.conv2d(16, 5).name("conv2").relu().maxPool(2).name("pool2");
        y = y.dense(120).name("fc1").relu();
        y = y.dense(84).name("fc2").relu();
        g.output(y.dense(10).name("fc3"));
        return g.build();
    }
}
