package org.lamina.layers;

import static org.junit.jupiter.api.Assertions.*;
import static org.lamina.testing.Approx.close;
import static org.lamina.testing.TestData.gaussian;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.lamina.backend.Backend;
import org.lamina.exec.Executor;
import org.lamina.exec.Model;
import org.lamina.exec.Pass;
import org.lamina.geometry.Conv1dParams;
import org.lamina.geometry.Conv3dParams;
import org.lamina.geometry.Pool1dParams;
import org.lamina.geometry.Pool3dParams;
import org.lamina.graph.Graph;
import org.lamina.graph.Network;
import org.lamina.graph.Node;
import org.lamina.tensor.Tensor;
import org.lamina.testing.TestBackends;

/**
 * conv1d, conv3d and their pooling as layers of a graph: shape inference, PyTorch's parameter names
 * and shapes, forward and backward through the executor, the same on OpenCL as on Java, and bad
 * parameters reported at build() naming the op, the parameter and the value.
 */
class ConvNdLayerTest {

    static Network signalNet() {
        Graph g = new Graph("signal");
        Node x = g.input("x", 4, 30);
        Node a = g.conv1d(x, 6, 5, Conv1dParams.defaults().stride(2).padding(2)).name("c1").relu();  // [6, 15]
        Node b = g.maxPool1d(a, Pool1dParams.kernel(3).stride(2).padding(1));                        // [6, 8]
        Node c = g.conv1d(b, 6, 3, Conv1dParams.defaults().groups(6).dilation(2)).name("dw");         // [6, 4]
        Node d = g.avgPool1d(c, Pool1dParams.kernel(2));                                              // [6, 2]
        g.output(d.flatten().dense(3).name("out"));
        return g.build();
    }

    static Network clipNet() {
        Graph g = new Graph("clip");
        Node x = g.input("x", 2, 5, 6, 6);
        Node a = g.conv3d(x, 4, 3, 3, 3, Conv3dParams.defaults().padding(1)).name("c1").relu();      // [4, 5, 6, 6]
        Node b = g.maxPool3d(a, Pool3dParams.kernel(1, 2, 2));                                        // [4, 5, 3, 3]
        Node c = g.conv3d(b, 4, 3, 1, 1, Conv3dParams.defaults().padding(1, 0, 0).groups(2)).name("t");
        Node d = g.avgPool3d(c, Pool3dParams.kernel(3).stride(2).padding(1));                         // [4, 3, 2, 2]
        Node e = g.adaptiveAvgPool3d(d, 1, 1, 1);
        g.output(e.flatten().dense(3).name("out"));
        return g.build();
    }

    @Test
    void shapesAndParametersFollowPyTorch() {
        Network s = signalNet();
        assertArrayEquals(new int[] {6, 15}, s.node("c1").shape());
        assertArrayEquals(new int[] {6, 4}, s.node("dw").shape());
        Map<String, int[]> params = new LinkedHashMap<>();
        s.parameters().forEach(p -> params.put(p.name(), p.spec().shape()));
        assertArrayEquals(new int[] {6, 4, 5}, params.get("c1.weight"));
        assertArrayEquals(new int[] {6}, params.get("c1.bias"));
        assertArrayEquals(new int[] {6, 1, 3}, params.get("dw.weight"));
        Network c = clipNet();
        assertArrayEquals(new int[] {4, 5, 6, 6}, c.node("c1").shape());
        assertArrayEquals(new int[] {4, 5, 3, 3}, c.node("t").shape());
        c.parameters().forEach(p -> params.put(p.name(), p.spec().shape()));
        assertArrayEquals(new int[] {4, 2, 3, 3, 3}, params.get("c1.weight"));
        assertArrayEquals(new int[] {4, 2, 3, 1, 1}, params.get("t.weight"));
        String summary = c.summary().toString();
        assertTrue(summary.contains("conv3d") && summary.contains("max_pool3d"), summary);
        // receptive fields in (H, W): the signal's along its length only (c1 5, pool 5 + 2*2, dw 9 + 2*2*4)
        String signal = s.summary().toString();
        assertTrue(signal.contains("1x5") && signal.contains("1x9") && signal.contains("1x25"), signal);
    }

    @Test
    void signalNetworkTrainsTheSameOnOpenClAsOnJava() {
        compare(signalNet(), new int[] {3, 4, 30});
    }

    @Test
    void clipNetworkTrainsTheSameOnOpenClAsOnJava() {
        compare(clipNet(), new int[] {2, 2, 5, 6, 6});
    }

    /** Forward and backward on both backends from the same seed and data: outputs and every gradient agree. */
    private static void compare(Network net, int[] inputShape) {
        Random rnd = new Random(17);
        int size = 1;
        for (int v : inputShape) {
            size *= v;
        }
        float[] x = gaussian(rnd, size);
        float[] dy = gaussian(rnd, inputShape[0] * 3);
        Map<String, float[]> java = run(TestBackends.java(), net, inputShape, x, dy);
        Map<String, float[]> cl = run(TestBackends.openCl(), net, inputShape, x, dy);
        assertEquals(java.keySet(), cl.keySet());
        assertTrue(java.size() > 2, java.keySet().toString());
        for (String k : java.keySet()) {
            close(net.name() + " " + k, java.get(k), cl.get(k));
            double norm = 0;
            for (float v : java.get(k)) {
                norm += Math.abs(v);
            }
            assertTrue(norm > 0, net.name() + " " + k + " is all zeros");
        }
    }

    private static Map<String, float[]> run(Backend be, Network net, int[] shape, float[] x, float[] dy) {
        Map<String, float[]> out = new LinkedHashMap<>();
        try (Model model = new Model(net, be, 5); Tensor tx = be.tensor(x, shape);
                Tensor tdy = be.tensor(dy, shape[0], 3)) {
            Executor exec = new Executor(model);
            try (Pass pass = exec.forward(Map.of("x", tx), 0, Set.of())) {
                out.put("output", pass.output("out").toArray());
                Map<String, Tensor> grads = exec.backward(pass, Map.of("out", tdy), Set.of("x"));
                out.put("grad x", grads.get("x").toArray());
                grads.values().forEach(Tensor::close);
            }
            for (var p : net.parameters()) {
                out.put(p.name(), model.grad(p.name()).toArray());
            }
        }
        return out;
    }

    @Test
    void badParametersAreNamedAtBuild() {
        assertBuildFails("conv1d: stride must be at least 1 but is 0",
                g -> g.conv1d(g.input("x", 3, 10), 4, 3, Conv1dParams.defaults().stride(0)));
        assertBuildFails("conv1d: the output would be empty: input length 4 is shorter than the "
                + "dilated kernel 7 with padding 0",
                g -> g.conv1d(g.input("x", 3, 4), 4, 4, Conv1dParams.defaults().dilation(2)));
        assertBuildFails("in_channels 3 is not divisible by groups 2",
                g -> g.conv1d(g.input("x", 3, 10), 4, 3, Conv1dParams.defaults().groups(2)));
        assertBuildFails("conv3d: padding must not be negative but is (-1, 0, 0)",
                g -> g.conv3d(g.input("x", 2, 4, 4, 4), 2, 3, 1, 1, Conv3dParams.defaults().padding(-1, 0, 0)));
        assertBuildFails("conv3d expects one input of shape [C, D, H, W], got [2, 4, 4]",
                g -> g.conv3d(g.input("x", 2, 4, 4), 2, 3));
        assertBuildFails("max_pool1d: padding 2 must be between 0 and half of kernel_size 3 (PyTorch's rule)",
                g -> g.maxPool1d(g.input("x", 2, 9), Pool1dParams.kernel(3).padding(2)));
        assertBuildFails("max_pool3d: the pooling window kernel_size (3, 2, 2) is larger than the padded input 2 x 4 x 4",
                g -> g.maxPool3d(g.input("x", 2, 2, 4, 4), Pool3dParams.kernel(3, 2, 2)));
        assertBuildFails("avg_pool3d: stride must be at least 1 but is (1, 0, 1)",
                g -> g.avgPool3d(g.input("x", 2, 2, 4, 4), Pool3dParams.kernel(1).stride(1, 0, 1)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Graph("g").adaptiveAvgPool3d(new Graph("g").input("x", 1, 2, 2, 2), 0, 1, 1));
        assertTrue(e.getMessage().contains("adaptive_avg_pool3d: output size 0x1x1"), e.getMessage());
    }

    private static void assertBuildFails(String message, Function<Graph, Node> build) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> {
            Graph g = new Graph("bad");
            g.output(build.apply(g));
            g.build();
        });
        assertTrue(e.getMessage().contains(message), "expected \"" + message + "\" in: " + e.getMessage());
    }
}
