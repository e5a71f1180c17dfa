package org.lamina.plugins.swish;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.lamina.backend.Backend;
import org.lamina.backend.LossOps;
import org.lamina.exec.Executor;
import org.lamina.exec.Model;
import org.lamina.exec.Pass;
import org.lamina.graph.Network;
import org.lamina.ops.SoftmaxCrossEntropy;
import org.lamina.optim.SgdParams;
import org.lamina.spi.Options;
import org.lamina.tensor.Tensor;

/** lenet5-swish builds, and a few SGD steps on one batch lower its loss, with each implementation. */
class LeNet5SwishTrainingTest {
    static final int N = 16;
    static final int STEPS = 12;

    @Test
    void buildsWithSwishLayersAndLeNetsParameters() {
        Network net = new LeNet5Swish().build(new int[] {1, 28, 28}, 10, Options.empty());
        String summary = net.summary().toString();
        assertEquals(4, net.nodes().stream().filter(n -> n.layer() instanceof SwishLayer).count(), summary);
        assertEquals(61_706, net.trainableParameterCount(), "LeNet-5's parameters; swish adds none: " + summary);
    }

    @Test
    void trainsOnTheJavaBackend() {
        assertLossFalls(SwishTesting.java(), "impl=auto");
    }

    @Test
    void trainsOnTheOpenClBackendWithItsKernelAsOnJava() {
        List<Double> cl = assertLossFalls(SwishTesting.openCl(), "impl=opencl");
        List<Double> java = assertLossFalls(SwishTesting.java(), "impl=java");
        for (int i = 0; i < cl.size(); i++) {
            assertEquals(java.get(i), cl.get(i), 1e-4, "step " + (i + 1) + ": " + cl + " vs " + java);
        }
    }

    @Test
    void trainsWithAparapi() {
        assertLossFalls(SwishTesting.java(), "impl=aparapi,beta=1.5");
    }

    /** Trains {@value #STEPS} steps on one batch; the loss must fall at every step. Returns the losses. */
    static List<Double> assertLossFalls(Backend b, String options) {
        Network net = new LeNet5Swish().build(new int[] {1, 28, 28}, 10, Options.parse(options));
        String out = net.outputs().get(0);
        Random rnd = new Random(3);
        float[] labels = new float[N];
        for (int i = 0; i < N; i++) {
            labels[i] = i % 10;
        }
        List<Double> losses = new ArrayList<>();
        Map<String, Tensor> momentum = new HashMap<>();
        try (Model m = new Model(net, b, 5); Tensor x = b.tensor(SwishTesting.gaussian(rnd, N * 28 * 28, 1), N, 1, 28, 28);
                Tensor y = b.tensor(labels, N)) {
            Executor ex = new Executor(m);
            for (int step = 1; step <= STEPS; step++) {
                try (Pass pass = ex.forward(Map.of("image", x), step, Set.of());
                        LossOps.Result loss = new SoftmaxCrossEntropy().forward(pass.output(out), y)) {
                    losses.add((double) loss.loss().toArray()[0]);
                    ex.backward(pass, Map.of(out, loss.gradInput()), Set.of());
                }
                for (Network.Param p : m.network().parameters()) {
                    if (p.spec().trainable()) {
                        Tensor buf = momentum.computeIfAbsent(p.name(), k -> b.zeros(p.spec().shape()));
                        b.optimizers().sgd(m.param(p.name()), m.grad(p.name()), buf,
                                new SgdParams(0.1, 0.9, 0, 0, false), step);
                    }
                }
                m.clearGradients();
            }
        } finally {
            momentum.values().forEach(Tensor::close);
        }
        assertTrue(losses.stream().allMatch(Double::isFinite), options + ": " + losses);
        for (int i = 1; i < losses.size(); i++) {
            assertTrue(losses.get(i) < losses.get(i - 1), options + " on " + b.name() + ": the loss rose at step "
                    + (i + 1) + ": " + losses);
        }
        assertTrue(losses.get(losses.size() - 1) < losses.get(0) - 0.03, options + " on " + b.name()
                + ": the loss hardly fell: " + losses);
        return losses;
    }
}
