package org.lamina.graph;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.lamina.exec.Executor;
import org.lamina.exec.GradientRequest;
import org.lamina.exec.Model;
import org.lamina.exec.Pass;
import org.lamina.tensor.Tensor;
import org.lamina.testing.TestBackends;

/**
 * The receptive field of an output is exactly the input pixels its gradient reaches: for linear
 * layers (convolutions with padding, stride and dilation, average pooling) every pixel of the field
 * gets a non-zero gradient and none outside it. After a transposed convolution the field has the
 * right size but, as its outputs of odd and even position gather different taps, may start up to one
 * step of its input early or late.
 */
class ReceptiveFieldTest {
    static final int H = 23, W = 21;

    /** Rows and columns of the input with a non-zero gradient of one output value: {minY, maxY, minX, maxX}. */
    static int[] support(Network net, String node, int y, int x) {
        try (Model m = new Model(net, TestBackends.java(), 3); Tensor in = TestBackends.java().tensor(new float[H * W],
                1, 1, H, W)) {
            Executor ex = new Executor(m);
            int[] s = net.node(node).shape();
            float[] seed = new float[s[0] * s[1] * s[2]];
            seed[y * s[2] + x] = 1; // channel 0
            try (Pass p = ex.inspect(Map.of("x", in), Set.of(node)); Tensor st = TestBackends.java().tensor(seed, 1,
                    s[0], s[1], s[2]); Tensor g = ex.gradients(p, GradientRequest.of(node, st, "x")).get("x")) {
                float[] d = g.toArray();
                int[] box = {Integer.MAX_VALUE, -1, Integer.MAX_VALUE, -1};
                for (int r = 0; r < H; r++) {
                    for (int c = 0; c < W; c++) {
                        if (d[r * W + c] != 0) {
                            box[0] = Math.min(box[0], r);
                            box[1] = Math.max(box[1], r);
                            box[2] = Math.min(box[2], c);
                            box[3] = Math.max(box[3], c);
                        }
                    }
                }
                return box;
            }
        }
    }

    /** The field of output (y, x) clipped to the image: {minY, maxY, minX, maxX}. */
    static int[] field(ReceptiveField f, int y, int x) {
        return new int[] {Math.max(0, f.top(y)), Math.min(H - 1, f.top(y) + f.rows() - 1), Math.max(0, f.left(x)),
            Math.min(W - 1, f.left(x) + f.columns() - 1)};
    }

    @Test
    void theFieldIsWhereTheGradientReaches() {
        Graph g = new Graph("fields");
        Node x = g.input("x", 1, H, W);
        Node a = g.conv2d(x, 2, 5).pad(2).name("a");
        Node b = a.avgPool(3, 2).pad(1).name("b");
        Node c = b.conv2d(2, 3).pad(2).dilation(2).name("c");
        Node d = c.conv2d(2, 3).stride(2).pad(1).name("d");
        g.output(d.flatten().dense(2));
        Network net = g.build();
        Map<String, ReceptiveField> fields = ReceptiveField.of(net);
        for (String node : new String[] {"a", "b", "c", "d"}) {
            int[] s = net.node(node).shape();
            for (int[] pos : new int[][] {{0, 0}, {s[1] / 2, s[2] / 2}, {s[1] - 1, s[2] - 1}, {1, s[2] - 2}}) {
                assertArrayEquals(field(fields.get(node), pos[0], pos[1]), support(net, node, pos[0], pos[1]),
                        node + " at " + pos[0] + ", " + pos[1] + ": " + fields.get(node));
            }
        }
    }

    @Test
    void aTransposedConvolutionsFieldIsRightWithinAStepOfItsInput() {
        Graph g = new Graph("up");
        Node x = g.input("x", 1, H, W);
        Node a = g.conv2d(x, 2, 3).stride(2).pad(1).name("a");
        Node t = g.convTranspose2d(a, 2, 4).stride(2).pad(1).name("t");
        g.output(t.flatten().dense(2));
        Network net = g.build();
        ReceptiveField f = ReceptiveField.of(net).get("t");
        int[] s = net.node("t").shape();
        for (int y = 0; y < s[1]; y += 3) {
            for (int xx = 0; xx < s[2]; xx += 4) {
                int[] got = support(net, "t", y, xx), want = field(f, y, xx);
                int step = 2; // the step of a's outputs, the transposed convolution's input
                for (int i = 0; i < 4; i++) {
                    assertTrue(Math.abs(got[i] - want[i]) <= step, "t at " + y + ", " + xx + ": gradient "
                            + Arrays.toString(got) + ", field " + Arrays.toString(want));
                }
                assertEquals(f.rows(), 5, "3 pixels of a's field and one more step of 2: each output gathers 2 taps");
            }
        }
    }
}
