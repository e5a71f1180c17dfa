package org.lamina.onnx;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.lamina.backend.java.JavaBackend;
import org.lamina.exec.Model;
import org.lamina.graph.Graph;
import org.lamina.graph.Network;
import org.lamina.graph.Node;
import org.lamina.geometry.LocalResponseNormParams;

/**
 * Damaged files are the user's error, never a crash: a small network's ONNX bytes with random bytes
 * changed, inserted or cut are imported or refused with an {@link IllegalArgumentException} of one line.
 */
class MutatedFilesTest {

    static byte[] smallModel() {
        Graph g = new Graph("small");
        Node x = g.input("image", 2, 6, 6);
        Node a = g.conv2d(x, 4, 3).pad(1).relu().lrn(LocalResponseNormParams.alexNet());
        Node b = g.concat(a.maxPool(2), g.avgPool(a, 2)).batchNorm();
        g.output(b.flatten().dense(5).name("out").softmax());
        Network net = g.build();
        try (Model m = new Model(net, new JavaBackend(), 1)) {
            return OnnxExport.model(net, m.snapshot()).toByteArray();
        }
    }

    @Test
    void damagedBytesAreRefusedInOneLine() {
        byte[] good = smallModel();
        OnnxImport.fromBytes("small.onnx", good);
        SplittableRandom r = new SplittableRandom(42);
        for (int i = 0; i < 3000; i++) {
            byte[] bad = mutate(good, r);
            try {
                OnnxImport.fromBytes("bad.onnx", bad);
            } catch (IllegalArgumentException e) {
                assertFalse(e.getMessage().contains("\n"), e.getMessage());
            } catch (RuntimeException e) {
                throw new AssertionError("mutation " + i + ": " + e, e);
            }
        }
    }

    private static byte[] mutate(byte[] in, SplittableRandom r) {
        byte[] out = in.clone();
        int edits = 1 + r.nextInt(4);
        for (int e = 0; e < edits; e++) {
            switch (r.nextInt(3)) {
                case 0 -> out[r.nextInt(out.length)] = (byte) r.nextInt(256);
                case 1 -> out = Arrays.copyOf(out, Math.max(1, out.length - 1 - r.nextInt(out.length / 4)));
                default -> {
                    int at = r.nextInt(out.length);
                    out[at] = (byte) (out[at] ^ (1 << r.nextInt(8)));
                }
            }
        }
        return out;
    }
}
