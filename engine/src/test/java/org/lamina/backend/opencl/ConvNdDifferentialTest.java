package org.lamina.backend.opencl;

import static org.junit.jupiter.api.Assertions.*;
import static org.lamina.testing.Approx.close;
import static org.lamina.testing.TestData.gaussian;
import static org.lamina.testing.TestData.size;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.lamina.backend.Backend;
import org.lamina.backend.PoolingOps.MaxPoolResult;
import org.lamina.geometry.Conv1dParams;
import org.lamina.geometry.Conv3dGeometry;
import org.lamina.geometry.Conv3dParams;
import org.lamina.geometry.ConvGeometry;
import org.lamina.geometry.Pool1dParams;
import org.lamina.geometry.Pool3dParams;
import org.lamina.opencl.TestShapes;
import org.lamina.opencl.conv.Conv3dKernels;
import org.lamina.opencl.conv.ConvAlgorithm;
import org.lamina.opencl.conv.Im2colConv2dKernels;
import org.lamina.opencl.gemm.GemmKernels;
import org.lamina.ops.AdaptiveAvgPool3d;
import org.lamina.ops.Conv1d;
import org.lamina.ops.Conv3d;
import org.lamina.ops.Gradients;
import org.lamina.ops.Pool1d;
import org.lamina.ops.Pool3d;
import org.lamina.tensor.Tensor;
import org.lamina.testing.TestBackends;

/**
 * Randomized comparison of the OpenCL backend with the Java reference for the 1-D and 3-D family:
 * conv1d (every 2-D algorithm that takes its {@code [N, C, 1, L]} view, forced one by one), conv3d
 * (vol2col + GEMM against the Java reference, and against the direct kernels with one image a chunk and the weight gradient split over the batch), max/avg pooling 1-D and 3-D, adaptive average
 * pooling 3-D; forward and every gradient. {@code LAMINA_TEST_SHAPES=small} draws fewer, smaller
 * configurations (the Oclgrind run).
 */
class ConvNdDifferentialTest {
    private static final boolean SMALL = TestShapes.small();

    @Test
    void conv1dMatchesTheJavaReferenceWithEveryAlgorithm() {
        Random rnd = new Random(20261207);
        int done = 0, forced = 0;
        while (done < TestShapes.count(120, 12)) {
            int groups = rnd.nextInt(3) == 0 ? 1 + rnd.nextInt(4) : 1;
            boolean depthwise = rnd.nextInt(4) == 0;
            int cin = depthwise ? groups : groups * (1 + rnd.nextInt(4));
            int cout = groups * (1 + rnd.nextInt(depthwise ? 2 : 4));
            int k = rnd.nextInt(5) == 0 ? 1 : 1 + rnd.nextInt(7);
            Conv1dParams p = new Conv1dParams(1 + rnd.nextInt(3), rnd.nextInt(4), rnd.nextInt(4) == 0 ? 2 : 1, groups);
            int n = 1 + rnd.nextInt(3), length = 1 + rnd.nextInt(SMALL ? 16 : 64);
            int[] xs = {n, cin, length}, ws = {cout, cin / groups, k};
            ConvGeometry g;
            try {
                g = new Conv1d(p).geometry(TestBackends.java().tensor(new float[size(xs)], xs),
                        TestBackends.java().tensor(new float[size(ws)], ws), null);
            } catch (IllegalArgumentException empty) {
                continue;
            }
            float[] x = gaussian(rnd, size(xs)), w = gaussian(rnd, size(ws)), b = gaussian(rnd, cout);
            float[] dy = gaussian(rnd, n * cout * g.wo());
            String what = "conv1d " + Arrays.toString(xs) + " " + Arrays.toString(ws) + " " + p;
            float[][] ref = conv1d(TestBackends.java(), p, xs, ws, x, w, b, dy);
            float[][] got = conv1d(TestBackends.openCl(), p, xs, ws, x, w, b, dy);
            for (int i = 0; i < ref.length; i++) {
                close(what + " tensor " + i, ref[i], got[i]);
            }
            // The 1-D views through each 2-D algorithm that takes them, not only the selector's choice.
            OpenClConvolution conv = (OpenClConvolution) TestBackends.openCl().convolution();
            for (ConvAlgorithm a : ConvAlgorithm.values()) {
                if (!a.supports(g)) {
                    continue;
                }
                forced++;
                var cl = TestBackends.openCl();
                try (Tensor tx = cl.tensor(x, g.inputShape()); Tensor tw = cl.tensor(w, g.weightShape());
                        Tensor tb = cl.tensor(b, cout); Tensor tdy = cl.tensor(dy, g.outputShape());
                        Tensor y = conv.forward(a, tx, tw, tb, g); Tensor dx = conv.backwardData(a, tdy, tw, null, g);
                        Tensor dw = conv.backwardFilter(a, tx, tdy, g)) {
                    close(a + " forward " + what, ref[0], y.toArray());
                    close(a + " backward data " + what, ref[1], dx.toArray());
                    close(a + " backward filter " + what, ref[2], dw.toArray());
                }
            }
            done++;
        }
        assertTrue(forced >= done, "algorithms forced " + forced);
    }

    private static float[][] conv1d(Backend be, Conv1dParams p, int[] xs, int[] ws, float[] x, float[] w, float[] b,
            float[] dy) {
        Conv1d op = new Conv1d(p);
        try (Tensor tx = be.tensor(x, xs); Tensor tw = be.tensor(w, ws); Tensor tb = be.tensor(b, ws[0]);
                Tensor y = op.forward(tx, tw, tb); Tensor tdy = be.tensor(dy, y.dims());
                Gradients g = op.backward(tx, tw, tb, tdy, true)) {
            assertArrayEquals(xs, g.input().dims());
            assertArrayEquals(ws, g.weight().dims());
            return new float[][] {y.toArray(), g.input().toArray(), g.weight().toArray(), g.bias().toArray()};
        }
    }

    @Test
    void conv3dMatchesTheJavaReference() {
        Random rnd = new Random(3);
        int done = 0, grouped = 0;
        while (done < TestShapes.count(60, 8)) {
            int groups = rnd.nextInt(3) == 0 ? 1 + rnd.nextInt(3) : 1;
            int cin = groups * (1 + rnd.nextInt(3)), cout = groups * (1 + rnd.nextInt(3));
            int[] k = {1 + rnd.nextInt(3), 1 + rnd.nextInt(3), 1 + rnd.nextInt(4)};
            Conv3dParams p = Conv3dParams.defaults().stride(1 + rnd.nextInt(2), 1 + rnd.nextInt(3), 1 + rnd.nextInt(2))
                    .padding(rnd.nextInt(3), rnd.nextInt(2), rnd.nextInt(3))
                    .dilation(rnd.nextInt(4) == 0 ? 2 : 1, 1, rnd.nextInt(4) == 0 ? 2 : 1).groups(groups);
            int max = SMALL ? 6 : 10;
            int[] xs = {1 + rnd.nextInt(SMALL ? 2 : 4), cin, 1 + rnd.nextInt(max), 1 + rnd.nextInt(max),
                1 + rnd.nextInt(max)};
            int[] ws = {cout, cin / groups, k[0], k[1], k[2]};
            Conv3dGeometry g;
            try {
                g = Conv3dGeometry.of("test", xs, ws, p);
            } catch (IllegalArgumentException empty) {
                continue;
            }
            grouped += groups > 1 ? 1 : 0;
            float[] x = gaussian(rnd, size(xs)), w = gaussian(rnd, size(ws)), b = gaussian(rnd, cout);
            float[] dy = gaussian(rnd, (int) g.outputSize());
            String what = "conv3d " + Arrays.toString(xs) + " " + Arrays.toString(ws) + " " + p;
            float[][] ref = conv3d(TestBackends.java(), p, xs, ws, x, w, b, dy);
            float[][] got = conv3d(TestBackends.openCl(), p, xs, ws, x, w, b, dy);
            for (int i = 0; i < ref.length; i++) {
                close(what + " tensor " + i, ref[i], got[i]);
            }
            done++;
        }
        assertTrue(grouped >= TestShapes.count(5, 1), "grouped " + grouped);
    }

    private static float[][] conv3d(Backend be, Conv3dParams p, int[] xs, int[] ws, float[] x, float[] w, float[] b,
            float[] dy) {
        Conv3d op = new Conv3d(p);
        try (Tensor tx = be.tensor(x, xs); Tensor tw = be.tensor(w, ws); Tensor tb = be.tensor(b, ws[0]);
                Tensor y = op.forward(tx, tw, tb); Tensor tdy = be.tensor(dy, y.dims());
                Gradients g = op.backward(tx, tw, tb, tdy, true)) {
            return new float[][] {y.toArray(), g.input().toArray(), g.weight().toArray(), g.bias().toArray()};
        }
    }

    @Test
    void conv3dAlgorithmsAgreeWithChunksAndSplits() {
        // The direct kernels and the products, the latter with one image a chunk (a column budget of
        // one float), with the weight gradient split into per-image parts, and whole.
        var cl = TestBackends.openCl();
        Random rnd = new Random(11);
        var defaults = Im2colConv2dKernels.Tuning.SPEC.defaults(cl.context().device());
        var gemm = new GemmKernels(cl.context());
        var tunings = List.of(defaults,
                new Im2colConv2dKernels.Tuning(defaults.lanes(), 1, Long.MAX_VALUE / 4,
                        defaults.workGroup(), 1),
                new Im2colConv2dKernels.Tuning(defaults.lanes(), 1L << 30, 1,
                        defaults.workGroup(), 1));
        for (int i = 0; i < TestShapes.count(12, 3); i++) {
            int groups = 1 + rnd.nextInt(2);
            int[] xs = {1 + rnd.nextInt(5), 2 * groups, 2 + rnd.nextInt(4), 3 + rnd.nextInt(4), 3 + rnd.nextInt(5)};
            int[] ws = {2 * groups, 2, 1 + rnd.nextInt(3), 1 + rnd.nextInt(3), 1 + rnd.nextInt(3)};
            Conv3dParams p = Conv3dParams.defaults().padding(rnd.nextInt(2), 1, rnd.nextInt(2))
                    .stride(1 + rnd.nextInt(2), 1, 1 + rnd.nextInt(2)).groups(groups);
            Conv3dGeometry g = Conv3dGeometry.of("test", xs, ws, p);
            try (Tensor x = cl.tensor(gaussian(rnd, size(xs)), xs); Tensor w = cl.tensor(gaussian(rnd, size(ws)), ws);
                    Tensor b = cl.tensor(gaussian(rnd, ws[0]), ws[0]);
                    Tensor dy = cl.tensor(gaussian(rnd, (int) g.outputSize()), g.outputShape())) {
                float[][] direct = conv3dWith(cl, new Conv3dKernels(cl.context(), gemm, defaults),
                        Conv3dKernels.Algorithm.DIRECT, g, x, w, b, dy);
                for (var t : tunings) {
                    float[][] got = conv3dWith(cl, new Conv3dKernels(cl.context(), gemm, t),
                            Conv3dKernels.Algorithm.GEMM, g, x, w, b, dy);
                    for (int k = 0; k < 3; k++) {
                        close("conv3d " + g + " " + t + " tensor " + k, direct[k], got[k]);
                    }
                }
            }
        }
    }

    private static float[][] conv3dWith(OpenClBackend cl, Conv3dKernels k,
            Conv3dKernels.Algorithm a, Conv3dGeometry g, Tensor x, Tensor w, Tensor b,
            Tensor dy) {
        var bx = cl.arg(x);
        var bw = cl.arg(w);
        var bb = cl.arg(b);
        var bdy = cl.arg(dy);
        try (Tensor y = cl.produce(g.outputShape(), out -> k.forward(a, g, bx, bw, bb, out));
                Tensor dx = cl.produce(g.inputShape(), out -> k.backwardData(a, g, bdy, bw, out));
                Tensor dw = cl.produce(g.weightShape(), out -> k.backwardFilter(a, g, bx, bdy, out))) {
            return new float[][] {y.toArray(), dx.toArray(), dw.toArray()};
        }
    }

    @Test
    void pooling1dMatchesTheJavaReference() {
        Random rnd = new Random(5);
        int done = 0;
        while (done < TestShapes.count(80, 10)) {
            int k = 1 + rnd.nextInt(5);
            Pool1dParams p = new Pool1dParams(k, 1 + rnd.nextInt(3), rnd.nextInt(k / 2 + 1), rnd.nextBoolean());
            int[] xs = {1 + rnd.nextInt(3), 1 + rnd.nextInt(4), 1 + rnd.nextInt(SMALL ? 12 : 40)};
            boolean max = rnd.nextBoolean(), include = rnd.nextBoolean();
            Pool1d op = max ? Pool1d.max(p) : Pool1d.average(p, include);
            try {
                op.geometry(xs);
            } catch (IllegalArgumentException invalid) {
                continue;
            }
            float[] x = gaussian(rnd, size(xs));
            float[][] ref = pool1d(TestBackends.java(), op, xs, x, new Random(done));
            float[][] got = pool1d(TestBackends.openCl(), op, xs, x, new Random(done));
            close(op + " " + Arrays.toString(xs) + " forward", ref[0], got[0]);
            close(op + " " + Arrays.toString(xs) + " backward", ref[1], got[1]);
            done++;
        }
    }

    private static float[][] pool1d(Backend be, Pool1d op, int[] xs, float[] x, Random rnd) {
        try (Tensor tx = be.tensor(x, xs)) {
            if (op.name().equals(Pool1d.MAX)) {
                try (MaxPoolResult r = op.maxima(tx); Tensor dy = be.tensor(gaussian(rnd, r.output().size()),
                        r.output().dims()); Tensor dx = op.backward(tx, r.indices(), dy)) {
                    return new float[][] {r.output().toArray(), dx.toArray()};
                }
            }
            try (Tensor y = op.average(tx); Tensor dy = be.tensor(gaussian(rnd, y.size()), y.dims());
                    Tensor dx = op.backward(tx, null, dy)) {
                return new float[][] {y.toArray(), dx.toArray()};
            }
        }
    }

    @Test
    void pooling3dMatchesTheJavaReference() {
        Random rnd = new Random(9);
        int done = 0;
        while (done < TestShapes.count(60, 8)) {
            int[] k = {1 + rnd.nextInt(3), 1 + rnd.nextInt(3), 1 + rnd.nextInt(3)};
            Pool3dParams p = Pool3dParams.kernel(k[0], k[1], k[2]).stride(1 + rnd.nextInt(2), 1 + rnd.nextInt(3),
                    1 + rnd.nextInt(2)).padding(rnd.nextInt(k[0] / 2 + 1), rnd.nextInt(k[1] / 2 + 1),
                            rnd.nextInt(k[2] / 2 + 1)).ceilMode(rnd.nextBoolean());
            int max = SMALL ? 6 : 9;
            int[] xs = {1 + rnd.nextInt(2), 1 + rnd.nextInt(3), 1 + rnd.nextInt(max), 1 + rnd.nextInt(max),
                1 + rnd.nextInt(max)};
            int kind = rnd.nextInt(3);
            Pool3d op = kind == 0 ? Pool3d.max(p) : Pool3d.average(p, kind == 1);
            try {
                op.geometry(xs);
            } catch (IllegalArgumentException invalid) {
                continue;
            }
            float[] x = gaussian(rnd, size(xs));
            float[][] ref = pool3d(TestBackends.java(), op, xs, x, new Random(done));
            float[][] got = pool3d(TestBackends.openCl(), op, xs, x, new Random(done));
            close(op + " " + Arrays.toString(xs) + " forward", ref[0], got[0]);
            close(op + " " + Arrays.toString(xs) + " backward", ref[1], got[1]);
            done++;
        }
        // adaptive, sizes that divide and that do not
        for (int i = 0; i < TestShapes.count(20, 4); i++) {
            int[] xs = {1 + rnd.nextInt(2), 1 + rnd.nextInt(3), 1 + rnd.nextInt(7), 1 + rnd.nextInt(7), 1 + rnd.nextInt(7)};
            AdaptiveAvgPool3d op = new AdaptiveAvgPool3d(1 + rnd.nextInt(3), 1 + rnd.nextInt(3), 1 + rnd.nextInt(3));
            float[] x = gaussian(rnd, size(xs));
            float[][] ref = adaptive(TestBackends.java(), op, xs, x, new Random(i));
            float[][] got = adaptive(TestBackends.openCl(), op, xs, x, new Random(i));
            close(op + " forward", ref[0], got[0]);
            close(op + " backward", ref[1], got[1]);
        }
    }

    private static float[][] pool3d(Backend be, Pool3d op, int[] xs, float[] x, Random rnd) {
        try (Tensor tx = be.tensor(x, xs)) {
            if (op.isMax()) {
                try (Pool3d.MaxResult r = op.maxima(tx); Tensor dy = be.tensor(gaussian(rnd, r.output().size()),
                        r.output().dims()); Tensor dx = op.backward(xs, r, dy)) {
                    return new float[][] {r.output().toArray(), dx.toArray()};
                }
            }
            try (Tensor y = op.average(tx); Tensor dy = be.tensor(gaussian(rnd, y.size()), y.dims());
                    Tensor dx = op.backward(xs, null, dy)) {
                return new float[][] {y.toArray(), dx.toArray()};
            }
        }
    }

    private static float[][] adaptive(Backend be, AdaptiveAvgPool3d op, int[] xs, float[] x, Random rnd) {
        try (Tensor tx = be.tensor(x, xs); Tensor y = op.forward(tx); Tensor dy = be.tensor(gaussian(rnd, y.size()),
                y.dims()); Tensor dx = op.backward(xs, dy)) {
            return new float[][] {y.toArray(), dx.toArray()};
        }
    }
}
