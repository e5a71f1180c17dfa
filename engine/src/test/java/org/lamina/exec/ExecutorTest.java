package org.lamina.exec;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.lamina.backend.Backend;
import org.lamina.backend.LossOps;
import org.lamina.gradcheck.GradientCheck;
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
                Map<String, float[]> grads = new LinkedHashMap<>();
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
        // The engine's gradient check (lamina gradcheck): every trainable parameter and the input
        // (saliency maps, style transfer), sampled elements, float32 steps. The floor of the relative
        // error's denominator (eps) is small, so that a zero gradient of a small parameter fails.
        try (Model m = new Model(network(), TestBackends.java(), 5)) {
            GradientCheck.Report r = GradientCheck.network(m, N, GradientCheck.Settings.FLOAT32.withSamples(6)
                    .withSeed(11).withEps(1e-3).withThreshold(5e-2));
            assertTrue(r.entries().size() > 8, r.format());
            assertTrue(r.entries().stream().anyMatch(e -> e.name().equals("input image")), r.format());
            assertTrue(r.passed(), r.format());
        }
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
            Map<String, Tensor> momentum = new HashMap<>();
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
