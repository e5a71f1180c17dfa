package org.lamina.backend.opencl;

import org.lamina.backend.Backend;
import org.lamina.opencl.TestShapes;
import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.lamina.backend.java.JavaBackend;
import org.lamina.geometry.ConvGeometry;
import org.lamina.geometry.ConvParams;
import org.lamina.opencl.conv.ConvAlgorithm;
import org.lamina.ops.Conv2d;
import org.lamina.ops.ConvTranspose2d;
import org.lamina.ops.Gradients;
import org.lamina.tensor.Tensor;
import org.lamina.testing.TestBackends;
import static org.lamina.testing.Approx.close;
import static org.lamina.testing.TestData.gaussian;
import static org.lamina.testing.TestData.size;

/**
 * Randomized comparison of the OpenCL backend with the Java reference over hundreds of convolution
 * configurations: batch, channels, groups (depthwise included), sizes, kernel, stride, padding,
 * dilation, transposed or not; forward and every gradient. Where a specialised kernel (depthwise,
 * 1x1) applies, the direct kernel must agree with it too.
 */
class ConvDifferentialTest {
    static final int CONFIGURATIONS = TestShapes.count(320, 24);

    record Config(int n, int cin, int cout, int h, int w, int kh, int kw, ConvParams p, boolean transposed) {
        int[] input() {
            return new int[] {n, cin, h, w};
        }

        int[] weight() {
            int g = p.groups();
            return transposed ? new int[] {cin, cout / g, kh, kw} : new int[] {cout, cin / g, kh, kw};
        }

        ConvGeometry geometry() {
            return transposed ? ConvGeometry.transposed("test", input(), weight(), p)
                    : ConvGeometry.forward("test", input(), weight(), p);
        }
    }

    static List<Config> configurations(long seed, int count) {
        Random rnd = new Random(seed);
        List<Config> out = new ArrayList<>();
        while (out.size() < count) {
            int kind = rnd.nextInt(10); // 0-1 depthwise, 2-3 pointwise, rest general
            int groups = kind < 2 ? 1 + rnd.nextInt(6) : rnd.nextInt(3) == 0 ? 1 + rnd.nextInt(3) : 1;
            int cin = kind < 2 ? groups : groups * (1 + rnd.nextInt(4));
            int cout = groups * (kind < 2 ? 1 + rnd.nextInt(3) : 1 + rnd.nextInt(5));
            boolean transposed = kind >= 4 && rnd.nextInt(3) == 0;
            int kh = kind == 2 || kind == 3 ? 1 : 1 + rnd.nextInt(5);
            int kw = kind == 2 || kind == 3 ? 1 : rnd.nextInt(4) == 0 ? 1 + rnd.nextInt(5) : kh;
            int sh = kind == 2 || kind == 3 ? 1 : 1 + rnd.nextInt(3);
            int sw = rnd.nextInt(3) == 0 ? 1 + rnd.nextInt(3) : sh;
            int ph = kind == 2 || kind == 3 ? 0 : rnd.nextInt(4);
            int pw = rnd.nextInt(3) == 0 ? rnd.nextInt(4) : ph;
            int dh = rnd.nextInt(4) == 0 ? 2 + rnd.nextInt(2) : 1;
            int dw = rnd.nextInt(3) == 0 ? 1 + rnd.nextInt(3) : dh;
            if (kind == 2 || kind == 3) {
                pw = 0;
                sw = 1;
            }
            ConvParams p = ConvParams.defaults().stride(sh, sw).padding(ph, pw).dilation(dh, dw).groups(groups);
            if (transposed) {
                p = p.outputPadding(rnd.nextInt(Math.max(sh, dh)), rnd.nextInt(Math.max(sw, dw)));
            }
            Config c = new Config(1 + rnd.nextInt(3), cin, cout, 1 + rnd.nextInt(12), 1 + rnd.nextInt(12), kh, kw, p,
                    transposed);
            try {
                c.geometry();
            } catch (IllegalArgumentException invalid) {
                continue; // e.g. an empty output: draw again
            }
            out.add(c);
        }
        return out;
    }

    @Test
    void openClMatchesTheJavaReference() {
        matchesTheJavaReference(TestBackends.openCl());
    }

    /** The Java float backend (im2col and its own GEMM, in single precision) within the same tolerances. */
    @Test
    void theJavaFloatBackendMatchesTheJavaReference() {
        matchesTheJavaReference(TestBackends.javaFloat());
    }

    private static void matchesTheJavaReference(Backend tested) {
        JavaBackend java = TestBackends.java();
        Random rnd = new Random(42);
        int depthwise = 0, pointwise = 0, transposed = 0;
        for (Config c : configurations(20261123, CONFIGURATIONS)) {
            ConvGeometry g = c.geometry();
            depthwise += g.isDepthwise() && !c.transposed() ? 1 : 0;
            pointwise += g.isPointwise() && !c.transposed() ? 1 : 0;
            transposed += c.transposed() ? 1 : 0;
            float[] x = gaussian(rnd, size(c.input()));
            float[] w = gaussian(rnd, size(c.weight()));
            int outChannels = c.transposed() ? g.c() : g.k();
            float[] b = gaussian(rnd, outChannels);
            int[] outShape = c.transposed() ? g.inputShape() : g.outputShape();
            float[] dy = gaussian(rnd, size(outShape));
            Result ref = run(java, c, x, w, b, dy, outShape);
            Result got = run(tested, c, x, w, b, dy, outShape);
            String what = c.toString();
            close("output " + what, ref.y, got.y);
            close("grad_input " + what, ref.dx, got.dx);
            close("grad_weight " + what, ref.dw, got.dw);
            close("grad_bias " + what, ref.db, got.db);
        }
        int least = TestShapes.count(30, 2);
        assertTrue(depthwise >= least && pointwise >= least && transposed >= least,
                "coverage: depthwise " + depthwise + ", pointwise " + pointwise + ", transposed " + transposed);
    }

    @Test
    void specialisedKernelsAgreeWithTheDirectKernel() {
        OpenClBackend cl = TestBackends.openCl();
        OpenClConvolution conv = (OpenClConvolution) cl.convolution();
        Random rnd = new Random(7);
        int compared = 0;
        for (Config c : configurations(99, TestShapes.count(200, 40))) {
            ConvGeometry g = c.geometry();
            ConvAlgorithm special = ConvAlgorithm.choose(g);
            if (c.transposed() || special == ConvAlgorithm.DIRECT) {
                continue;
            }
            compared++;
            try (Tensor x = cl.tensor(gaussian(rnd, (int) g.inputSize()), g.inputShape());
                    Tensor w = cl.tensor(gaussian(rnd, (int) g.weightSize()), g.weightShape());
                    Tensor b = cl.tensor(gaussian(rnd, g.k()), g.k());
                    Tensor bc = cl.tensor(gaussian(rnd, g.c()), g.c());
                    Tensor dy = cl.tensor(gaussian(rnd, (int) g.outputSize()), g.outputShape());
                    Tensor y1 = conv.forward(special, x, w, b, g);
                    Tensor y2 = conv.forward(ConvAlgorithm.DIRECT, x, w, b, g);
                    Tensor dx1 = conv.backwardData(special, dy, w, bc, g);
                    Tensor dx2 = conv.backwardData(ConvAlgorithm.DIRECT, dy, w, bc, g);
                    Tensor dw1 = conv.backwardFilter(special, x, dy, g);
                    Tensor dw2 = conv.backwardFilter(ConvAlgorithm.DIRECT, x, dy, g)) {
                close(special + " forward " + c, y2.toArray(), y1.toArray());
                close(special + " backward data " + c, dx2.toArray(), dx1.toArray());
                close(special + " backward filter " + c, dw2.toArray(), dw1.toArray());
            }
        }
        assertTrue(compared >= TestShapes.count(50, 5), "compared " + compared);
    }

    record Result(float[] y, float[] dx, float[] dw, float[] db) {
    }

    private static Result run(Backend be, Config c, float[] x, float[] w, float[] b, float[] dy,
            int[] outShape) {
        int outChannels = outShape[1];
        try (Tensor tx = be.tensor(x, c.input()); Tensor tw = be.tensor(w, c.weight());
                Tensor tb = be.tensor(b, outChannels); Tensor tdy = be.tensor(dy, outShape)) {
            Tensor y;
            Gradients g;
            if (c.transposed()) {
                ConvTranspose2d op = new ConvTranspose2d(c.p());
                y = op.forward(tx, tw, tb);
                g = op.backward(tx, tw, tb, tdy, true);
            } else {
                Conv2d op = new Conv2d(c.p());
                y = op.forward(tx, tw, tb);
                g = op.backward(tx, tw, tb, tdy, true);
            }
            try (y; g) {
                return new Result(y.toArray(), g.input().toArray(), g.weight().toArray(), g.bias().toArray());
            }
        }
    }

}
