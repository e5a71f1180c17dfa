package org.lamina.exec;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.lamina.backend.Backend;
import org.lamina.graph.Graph;
import org.lamina.graph.Network;
import org.lamina.graph.Node;
import org.lamina.graph.ReluRule;
import org.lamina.tensor.Tensor;
import org.lamina.testing.Approx;
import org.lamina.testing.TestBackends;
import org.lamina.testing.TestData;

/**
 * {@link Executor#inspect} and {@link Executor#gradients}: gradients of an evaluated network seeded
 * and read at any node, under the three ReLU rules, leaving the model as it was.
 */
class InspectionGradientsTest {
    static final int N = 2;

    /** Conv-ReLU (fused), batch norm, max pooling, a separate ReLU, dropout, a dense head. */
    static Network network() {
        Graph g = new Graph("inspected");
        Node x = g.input("image", 2, 6, 6);
        Node c1 = g.conv2d(x, 3, 3).pad(1).name("conv1").relu();
        Node bn = c1.batchNorm().name("bn");
        Node p = bn.maxPool(2).name("pool");
        Node c2 = g.conv2d(p, 4, 3).pad(1).name("conv2");
        Node r = g.relu(c2).name("relu2");
        Node d = r.dropout(0.5).flatten().dense(5).name("logits");
        g.output(d);
        return g.build();
    }

    /** Non-trivial running statistics, so that evaluation differs from training. */
    static void setRunningStatistics(Model m) {
        m.assign("bn.running_mean", new float[] {0.3f, -0.2f, 0.5f});
        m.assign("bn.running_var", new float[] {0.5f, 2f, 1.5f});
        m.assign("bn.weight", new float[] {1.2f, 0.7f, -0.9f});
    }

    /** {@code sum(seed * logits)} in inference mode. */
    static double score(Executor ex, float[] images, float[] seed) {
        Backend b = ex.backend();
        try (Tensor x = b.tensor(images, N, 2, 6, 6)) {
            Map<String, Tensor> out = ex.infer(Map.of("image", x));
            float[] logits = out.get("logits").toArray();
            out.values().forEach(Tensor::close);
            double s = 0;
            for (int i = 0; i < logits.length; i++) {
                s += seed[i] * logits[i];
            }
            return s;
        }
    }

    static Map<String, float[]> gradients(Executor ex, float[] images, Map<String, float[]> seeds, ReluRule rule,
            String... at) {
        Backend b = ex.backend();
        Network net = ex.model().network();
        Map<String, Tensor> seedTensors = new LinkedHashMap<>();
        try (Tensor x = b.tensor(images, batchOf(net, "image")); Pass pass = ex.inspect(Map.of("image", x), Set.of())) {
            for (var e : seeds.entrySet()) {
                seedTensors.put(e.getKey(), b.tensor(e.getValue(), batchOf(net, e.getKey())));
            }
            Map<String, Tensor> g = ex.gradients(pass, new GradientRequest(seedTensors, Set.of(at), rule));
            Map<String, float[]> out = new LinkedHashMap<>();
            g.forEach((k, v) -> out.put(k, v.toArray()));
            g.values().forEach(Tensor::close);
            return out;
        } finally {
            seedTensors.values().forEach(Tensor::close);
        }
    }

    /** {@code [N, ...]}, the node's shape for a batch. */
    static int[] batchOf(Network net, String node) {
        int[] shape = net.node(node).shape();
        int[] dims = new int[shape.length + 1];
        dims[0] = N;
        System.arraycopy(shape, 0, dims, 1, shape.length);
        return dims;
    }

    @Test
    void theInputGradientOfAnEvaluatedNetworkMatchesFiniteDifferences() {
        Random rnd = new Random(7);
        float[] images = TestData.gaussian(rnd, N * 2 * 36);
        float[] seed = TestData.gaussian(rnd, N * 5);
        try (Model m = new Model(network(), TestBackends.java(), 3)) {
            setRunningStatistics(m);
            Executor ex = new Executor(m);
            float[] grad = gradients(ex, images, Map.of("logits", seed), ReluRule.NORMAL, "image").get("image");
            double h = 1e-2;
            for (int k = 0; k < 20; k++) {
                int i = rnd.nextInt(images.length);
                float[] plus = images.clone(), minus = images.clone();
                plus[i] += (float) h;
                minus[i] -= (float) h;
                double numeric = (score(ex, plus, seed) - score(ex, minus, seed)) / (2 * h);
                assertEquals(numeric, grad[i], 3e-3 + 3e-2 * Math.abs(numeric), "image[" + i + "]");
            }
        }
    }

    @Test
    void anInspectionPassIsTheEvaluationAndLeavesTheModelAsItWas() {
        Random rnd = new Random(8);
        Backend b = TestBackends.java();
        float[] images = TestData.gaussian(rnd, N * 2 * 36);
        try (Model m = new Model(network(), b, 4); Tensor x = b.tensor(images, N, 2, 6, 6)) {
            setRunningStatistics(m);
            Executor ex = new Executor(m);
            Map<String, float[]> before = new LinkedHashMap<>();
            m.parameters().forEach((k, v) -> before.put(k, v.toArray()));
            Map<String, Tensor> inferred = ex.infer(Map.of("image", x));
            float[] expected = inferred.get("logits").toArray();
            inferred.values().forEach(Tensor::close);
            float[] training;
            try (Pass t = ex.forward(Map.of("image", x), 5, Set.of())) {
                training = t.output("logits").toArray();
            }
            m.clearGradients();
            // The training pass moved the running statistics: put them back before inspecting.
            m.assign("bn.running_mean", before.get("bn.running_mean"));
            m.assign("bn.running_var", before.get("bn.running_var"));
            for (ReluRule rule : ReluRule.values()) {
                try (Pass pass = ex.inspect(Map.of("image", x), Set.of("pool"));
                        Tensor seed = b.tensor(TestData.gaussian(rnd, N * 5), N, 5)) {
                    assertArrayEquals(expected, pass.output("logits").toArray(), 0f,
                            "inspect computes what infer does (dropout off, running statistics)");
                    assertFalse(Arrays.equals(expected, training), "training mode differs here");
                    Map<String, Tensor> g = ex.gradients(pass,
                            GradientRequest.of("logits", seed, "image", "pool").with(rule));
                    assertEquals(List.of("image", "pool"), List.copyOf(g.keySet()));
                    assertArrayEquals(new int[] {N, 3, 3, 3}, g.get("pool").dims());
                    assertEquals(N * 3 * 9, pass.activation("pool").size(), "a watched node stays after backward");
                    g.values().forEach(Tensor::close);
                }
            }
            for (Network.Param p : m.network().parameters()) {
                assertArrayEquals(before.get(p.name()), m.param(p.name()).toArray(), 0f, p.name() + " changed");
                assertNull(m.grad(p.name()), p.name() + " got a gradient");
            }
        }
    }

    @Test
    void theGradientAtAnIntermediateNodeAndSeveralSeeds() {
        // logits = W flatten(h) + b, so the gradient at h of sum(seed * logits) is seed W, exactly.
        Graph gr = new Graph("head");
        Node x = gr.input("image", 2, 6, 6);
        Node h = gr.conv2d(x, 2, 3).name("h").relu();
        gr.output(h.flatten().dense(4).name("logits"));
        Random rnd = new Random(9);
        float[] images = TestData.gaussian(rnd, N * 2 * 36);
        float[] seed = TestData.gaussian(rnd, N * 4);
        float[] seedAtH = TestData.gaussian(rnd, N * 2 * 16);
        for (Backend b : new Backend[] {TestBackends.java(), TestBackends.openCl()}) {
            try (Model m = new Model(gr.build(), b, 5)) {
                Executor ex = new Executor(m);
                float[] w = m.param("logits.weight").toArray(); // [4, 32]
                float[] atH = gradients(ex, images, Map.of("logits", seed), ReluRule.NORMAL, "h").get("h");
                float[] expected = new float[N * 32];
                for (int n = 0; n < N; n++) {
                    for (int j = 0; j < 32; j++) {
                        for (int o = 0; o < 4; o++) {
                            expected[n * 32 + j] += seed[n * 4 + o] * w[o * 32 + j];
                        }
                    }
                }
                Approx.close(b.device() + " gradient at h", expected, atH, 1e-5);
                // Seeds add up: the input gradient of two seeds is the sum of each one's.
                float[] one = gradients(ex, images, Map.of("logits", seed), ReluRule.NORMAL, "image").get("image");
                float[] two = gradients(ex, images, Map.of("h", seedAtH), ReluRule.NORMAL, "image").get("image");
                float[] both = gradients(ex, images, Map.of("logits", seed, "h", seedAtH), ReluRule.NORMAL, "image")
                        .get("image");
                float[] sum = new float[one.length];
                for (int i = 0; i < sum.length; i++) {
                    sum[i] = one[i] + two[i];
                }
                Approx.close(b.device() + " two seeds", sum, both, 1e-5);
                // A node no seed depends on has gradient zero (the logits, from a seed at h).
                assertArrayEquals(new float[N * 4],
                        gradients(ex, images, Map.of("h", seedAtH), ReluRule.NORMAL, "logits").get("logits"));
            }
        }
    }

    @Test
    void theReluRulesOnFusedAndSeparateRelus() {
        // image -> 1x1 conv z = a x + c with a fused ReLU -> separate ReLU -> dense: every step by hand.
        Graph gr = new Graph("rules");
        Node x = gr.input("image", 1, 3, 3);
        Node z = gr.conv2d(x, 1, 1).name("z").relu();
        gr.output(gr.relu(z).name("r").flatten().dense(3).name("logits"));
        Random rnd = new Random(10);
        float[] images = TestData.gaussian(rnd, N * 9);
        float[] seed = TestData.gaussian(rnd, N * 3);
        for (Backend b : new Backend[] {TestBackends.java(), TestBackends.openCl()}) {
            try (Model m = new Model(gr.build(), b, 6)) {
                m.assign("z.weight", new float[] {-1.5f});
                m.assign("z.bias", new float[] {0.2f});
                Executor ex = new Executor(m);
                float[] w = m.param("logits.weight").toArray(); // [3, 9]
                for (ReluRule rule : ReluRule.values()) {
                    float[] got = gradients(ex, images, Map.of("logits", seed), rule, "image").get("image");
                    float[] expected = new float[N * 9];
                    for (int n = 0; n < N; n++) {
                        for (int j = 0; j < 9; j++) {
                            double d = 0; // gradient at r
                            for (int o = 0; o < 3; o++) {
                                d += seed[n * 3 + o] * w[o * 9 + j];
                            }
                            double pre = -1.5 * images[n * 9 + j] + 0.2;
                            double y = Math.max(pre, 0);
                            for (int twice = 0; twice < 2; twice++) { // the separate ReLU, then the fused one
                                d = switch (rule) {
                                    case NORMAL -> y > 0 ? d : 0;
                                    case GUIDED -> y > 0 && d > 0 ? d : 0;
                                    case DECONVNET -> Math.max(d, 0);
                                };
                            }
                            expected[n * 9 + j] = (float) (d * -1.5);
                        }
                    }
                    Approx.close(b.device() + " " + rule, expected, got, 1e-5);
                }
            }
        }
    }

    @Test
    void mistakesAreNamed() {
        Backend b = TestBackends.java();
        try (Model m = new Model(network(), b, 1); Tensor x = b.zeros(N, 2, 6, 6); Tensor seed = b.zeros(N, 5);
                Tensor wrong = b.zeros(N, 4)) {
            Executor ex = new Executor(m);
            try (Pass pass = ex.inspect(Map.of("image", x), Set.of())) {
                var e = assertThrows(IllegalArgumentException.class,
                        () -> ex.backward(pass, Map.of("logits", seed), Set.of("image")));
                assertTrue(e.getMessage().contains("gradients()"), e.getMessage());
                e = assertThrows(IllegalArgumentException.class,
                        () -> ex.gradients(pass, GradientRequest.of("logits", seed, "nope")));
                assertTrue(e.getMessage().contains("'nope'") && e.getMessage().contains("conv1"), e.getMessage());
                e = assertThrows(IllegalArgumentException.class,
                        () -> ex.gradients(pass, GradientRequest.of("logits", wrong, "image")));
                assertTrue(e.getMessage().contains("[2, 4]") && e.getMessage().contains("[2, 5]"), e.getMessage());
            }
            try (Pass pass = ex.forward(Map.of("image", x), 1, Set.of())) {
                var e = assertThrows(IllegalArgumentException.class,
                        () -> ex.gradients(pass, GradientRequest.of("logits", seed, "image")));
                assertTrue(e.getMessage().contains("inspect()"), e.getMessage());
            }
            m.clearGradients();
        }
    }
}
