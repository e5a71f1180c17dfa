package org.lamina.exec;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.lamina.backend.Backend;
import org.lamina.backend.LossOps;
import org.lamina.graph.Graph;
import org.lamina.graph.Network;
import org.lamina.graph.Node;
import org.lamina.layers.Activation;
import org.lamina.ops.SoftmaxCrossEntropy;
import org.lamina.optim.SgdParams;
import org.lamina.tensor.Tensor;
import org.lamina.testing.Approx;
import org.lamina.testing.TestBackends;
import org.lamina.testing.TestData;

/** The executor and autodiff on whole networks, on both backends. */
class ExecutorTest {
    static final int N = 4;

    /** Fan-out, a residual sum, concatenation, batch norm, fused and separate activations, a reshape, dropout. */
    static Network network() {
        Graph g = new Graph("mixed");
        Node x = g.input("image", 3, 8, 8);
        Node a = g.conv2d(x, 4, 3).pad(1).tanh();
        Node b = g.conv2d(a, 4, 3).pad(1);
        Node r = g.add(a, b);
        Node bn = r.batchNorm();
        Node c = g.concat(bn, g.avgPool(bn, 3).stride(1).pad(1), g.conv2d(x, 2, 1));
        Node p = c.avgPool(2).reshape(5, 2, 16);
        Node e = g.activation(p, Activation.elu(1));
        Node d = e.dropout(0.25).dense(10);
        g.output(d.name("logits"));
        return g.build();
    }

    record Step(float[] logits, double loss, Map<String, float[]> grads, float[] inputGrad) {
    }

    static Step step(Model m, float[] images, float[] labels, long seed) {
        Backend b = m.backend();
        Executor ex = new Executor(m);
        try (Tensor x = b.tensor(images, N, 3, 8, 8); Tensor y = b.tensor(labels, N);
                Pass pass = ex.forward(Map.of("image", x), seed, Set.of())) {
            Tensor logits = pass.output("logits");
            try (LossOps.Result loss = new SoftmaxCrossEntropy().forward(logits, y)) {
                Map<String, Tensor> in = ex.backward(pass, Map.of("logits", loss.gradInput()), Set.of("image"));
                Map<String, float[]> grads = new java.util.LinkedHashMap<>();
                for (Network.Param p : m.network().parameters()) {
                    if (p.spec().trainable()) {
                        grads.put(p.name(), m.grad(p.name()).toArray());
                    }
                }
                float[] dx = in.get("image").toArray();
                in.get("image").close();
                Step s = new Step(logits.toArray(), loss.loss().toArray()[0], grads, dx);
                m.clearGradients();
                return s;
            }
        }
    }

    static float[] labels() {
        return new float[] {3, 1, 4, 1};
    }

    @Test
    void gradientsOfAWholeNetworkMatchFiniteDifferences() {
        Backend java = TestBackends.java();
        Random rnd = new Random(11);
        float[] images = TestData.gaussian(rnd, N * 3 * 64);
        try (Model m = new Model(network(), java, 5)) {
            Step s = step(m, images, labels(), 99);
            double h = 1e-2;
            for (Network.Param p : m.network().parameters()) {
                if (!p.spec().trainable()) {
                    continue;
                }
                float[] base = m.param(p.name()).toArray();
                float[] grad = s.grads().get(p.name());
                double atol = absoluteTolerance(grad);
                for (int k = 0; k < 6; k++) {
                    int i = rnd.nextInt(base.length);
                    double up = lossWith(m, p, base, i, h, images), down = lossWith(m, p, base, i, -h, images);
                    double numeric = (up - down) / (2 * h);
                    assertEquals(numeric, grad[i], atol + 3e-2 * Math.abs(numeric),
                            p.name() + "[" + i + "]: numeric " + numeric + " analytic " + grad[i]);
                }
                m.replace(p.name(), java.tensor(base, p.spec().shape()));
            }
            // The gradient of the input (saliency maps, style transfer).
            for (int k = 0; k < 8; k++) {
                int i = rnd.nextInt(images.length);
                float[] plus = images.clone(), minus = images.clone();
                plus[i] += h;
                minus[i] -= h;
                double numeric = (step(m, plus, labels(), 99).loss() - step(m, minus, labels(), 99).loss()) / (2 * h);
                assertEquals(numeric, s.inputGrad()[i], absoluteTolerance(s.inputGrad()) + 3e-2 * Math.abs(numeric),
                        "input[" + i + "]");
            }
        }
    }

    /**
     * 1% of the largest gradient of the tensor, so that a small parameter's gradient is checked at its
     * own scale (a fixed tolerance would pass a zero gradient), but not below the float32 noise of the
     * differences (loss ~ 1, relative 1e-7, over 2h = 0.02).
     */
    private static double absoluteTolerance(float[] grad) {
        double max = 0;
        for (float g : grad) {
            max = Math.max(max, Math.abs(g));
        }
        return Math.max(1e-2 * max, 5e-5);
    }

    private static double lossWith(Model m, Network.Param p, float[] base, int i, double h, float[] images) {
        float[] v = base.clone();
        v[i] += (float) h;
        m.replace(p.name(), m.backend().tensor(v, p.spec().shape()));
        // Batch-norm running statistics change every pass; they do not enter the training loss.
        return step(m, images, labels(), 99).loss();
    }

    @Test
    void openClAndJavaAgreeOnAWholeNetwork() {
        Random rnd = new Random(3);
        float[] images = TestData.gaussian(rnd, N * 3 * 64);
        Step java, cl;
        try (Model m = new Model(network(), TestBackends.java(), 21)) {
            java = step(m, images, labels(), 7);
        }
        try (Model m = new Model(network(), TestBackends.openCl(), 21)) {
            cl = step(m, images, labels(), 7);
        }
        Approx.close("logits", java.logits(), cl.logits(), 1e-4);
        assertEquals(java.loss(), cl.loss(), 1e-5);
        for (String name : java.grads().keySet()) {
            Approx.close(name, java.grads().get(name), cl.grads().get(name), 1e-4);
        }
        Approx.close("input gradient", java.inputGrad(), cl.inputGrad(), 1e-4);
    }

    @Test
    void aTrainingPassKeepsOnlyWhatBackwardReads() {
        Graph g = new Graph("chain");
        Node x = g.input("image", 1, 8, 8);
        Node y = g.conv2d(x, 2, 3).pad(1).name("conv").avgPool(2).name("pool").flatten().name("flat").dense(3);
        g.output(y.name("out"));
        Backend b = TestBackends.openCl();
        try (Model m = new Model(g.build(), b, 1); Tensor img = b.tensor(new float[64], 1, 1, 8, 8)) {
            Executor ex = new Executor(m);
            try (Pass pass = ex.forward(Map.of("image", img), 0, Set.of())) {
                // conv's output is gone (pooling needs no activation); dense reads its input, conv reads the image.
                assertEquals(Set.of("image", "flat", "out"), pass.activations.keySet());
            }
            long before = b.memory().inUse();
            Map<String, Tensor> out = ex.infer(Map.of("image", img));
            assertEquals(before + 4 * 3, b.memory().inUse(), "inference keeps nothing but the output");
            out.values().forEach(Tensor::close);
            assertEquals(before, b.memory().inUse());
        }
    }

    @Test
    void peakMemoryStaysFlatOverManySteps() {
        Backend b = TestBackends.openCl();
        Random rnd = new Random(1);
        try (Model m = new Model(network(), b, 2)) {
            Executor ex = new Executor(m);
            List<Long> peaks = new ArrayList<>();
            List<Long> after = new ArrayList<>();
            Map<String, Tensor> momentum = new java.util.HashMap<>();
            for (int s = 1; s <= 25; s++) {
                b.memory().resetPeak();
                try (Tensor x = b.tensor(TestData.gaussian(rnd, N * 3 * 64), N, 3, 8, 8);
                        Tensor y = b.tensor(labels(), N);
                        Pass pass = ex.forward(Map.of("image", x), s, Set.of());
                        LossOps.Result loss = new SoftmaxCrossEntropy().forward(pass.output("logits"), y)) {
                    ex.backward(pass, Map.of("logits", loss.gradInput()), Set.of());
                }
                for (Network.Param p : m.network().parameters()) {
                    if (p.spec().trainable()) {
                        Tensor buf = momentum.computeIfAbsent(p.name(), k -> b.zeros(p.spec().shape()));
                        b.optimizers().sgd(m.param(p.name()), m.grad(p.name()), buf, new SgdParams(0.01, 0.9, 0, 0,
                                false), s);
                    }
                }
                m.clearGradients();
                peaks.add(b.memory().peak());
                after.add(b.memory().inUse());
            }
            momentum.values().forEach(Tensor::close);
            assertEquals(1, peaks.subList(1, peaks.size()).stream().distinct().count(), "peaks " + peaks);
            assertEquals(1, after.stream().distinct().count(), "memory after each step " + after);
        }
    }

    @Test
    void badInputsToTheExecutor() {
        Backend b = TestBackends.java();
        try (Model m = new Model(network(), b, 1); Tensor wrong = b.zeros(2, 3, 7, 8)) {
            Executor ex = new Executor(m);
            var e = assertThrows(IllegalArgumentException.class, () -> ex.infer(Map.of("image", wrong)));
            assertTrue(e.getMessage().contains("[2, 3, 7, 8]") && e.getMessage().contains("3, 8, 8"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> ex.infer(Map.of()));
            assertTrue(e.getMessage().contains("'image' is missing"), e.getMessage());
        }
    }
}
