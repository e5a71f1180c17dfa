package org.lamina.backend.opencl;

import org.lamina.opencl.TestShapes;
import static org.junit.jupiter.api.Assertions.*;
import static org.lamina.testing.Approx.close;
import static org.lamina.testing.TestData.gaussian;
import static org.lamina.testing.TestData.size;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.lamina.backend.Backend;
import org.lamina.backend.PoolingOps.MaxPoolResult;
import org.lamina.backend.java.PoolingReference;
import org.lamina.geometry.PoolGeometry;
import org.lamina.geometry.PoolParams;
import org.lamina.ops.AdaptiveAvgPool2d;
import org.lamina.ops.AvgPool2d;
import org.lamina.ops.MaxPool2d;
import org.lamina.opencl.Buffer;
import org.lamina.opencl.ClContext;
import org.lamina.opencl.pooling.PoolingKernels;
import org.lamina.tensor.Tensor;
import org.lamina.testing.TestBackends;

/**
 * Randomized comparison of the OpenCL pooling kernels with the Java reference: hundreds of seeded
 * configurations of batch, channels, sizes, kernel, stride, padding, ceil_mode and count_include_pad
 * (and output sizes for adaptive pooling, global included), forward and backward. Max pooling's
 * indices must be equal, ties included.
 */
class PoolingDifferentialTest {
    static final int WINDOW_CONFIGURATIONS = TestShapes.count(300, 30);
    static final int ADAPTIVE_CONFIGURATIONS = TestShapes.count(120, 12);

    record Window(int[] input, PoolParams params, boolean countIncludePad) {
        @Override
        public String toString() {
            return Arrays.toString(input) + " " + params + " count_include_pad=" + countIncludePad;
        }
    }

    static List<Window> windows(long seed, int count) {
        Random rnd = new Random(seed);
        List<Window> out = new ArrayList<>();
        while (out.size() < count) {
            int kh = 1 + rnd.nextInt(5);
            int kw = rnd.nextInt(3) == 0 ? 1 + rnd.nextInt(5) : kh;
            int sh = rnd.nextInt(4) == 0 ? 1 + rnd.nextInt(4) : Math.min(kh, 1 + rnd.nextInt(3));
            int sw = rnd.nextInt(3) == 0 ? 1 + rnd.nextInt(4) : sh;
            int ph = rnd.nextInt(kh / 2 + 1);
            int pw = rnd.nextInt(3) == 0 ? rnd.nextInt(kw / 2 + 1) : Math.min(ph, kw / 2);
            PoolParams p = PoolParams.kernel(kh, kw).stride(sh, sw).padding(ph, pw).ceilMode(rnd.nextBoolean());
            int[] input = {1 + rnd.nextInt(3), 1 + rnd.nextInt(4), 1 + rnd.nextInt(16), 1 + rnd.nextInt(16)};
            try {
                PoolGeometry.of("test", input, p);
            } catch (IllegalArgumentException invalid) {
                continue; // a window larger than the padded input: draw again
            }
            out.add(new Window(input, p, rnd.nextBoolean()));
        }
        return out;
    }

    @Test
    void maxPoolingMatchesTheJavaReference() {
        Backend cl = TestBackends.openCl();
        Backend java = TestBackends.java();
        Random rnd = new Random(11);
        int ceil = 0, padded = 0, overlapping = 0;
        for (Window c : windows(20261124, WINDOW_CONFIGURATIONS)) {
            PoolParams p = c.params();
            ceil += p.ceilMode() ? 1 : 0;
            padded += p.padH() + p.padW() > 0 ? 1 : 0;
            overlapping += p.strideH() < p.kernelH() ? 1 : 0;
            MaxPool2d op = new MaxPool2d(p);
            PoolGeometry g = PoolGeometry.of("test", c.input(), p);
            float[] x = gaussian(rnd, size(c.input()));
            float[] dy = gaussian(rnd, size(g.outputShape()));
            float[][] ref = max(java, op, c.input(), x, dy);
            float[][] got = max(cl, op, c.input(), x, dy);
            assertArrayEquals(ref[0], got[0], "output " + c); // a maximum is one of the inputs, exactly
            assertArrayEquals(ref[1], got[1], "indices " + c);
            close("grad_input " + c, ref[2], got[2]);
        }
        int least = TestShapes.count(50, 3);
        assertTrue(ceil >= least && padded >= least && overlapping >= least,
                "coverage: ceil " + ceil + ", padded " + padded + ", overlapping " + overlapping);
    }

    /** Many equal values: both backends must pick the same (first) maximum, and route gradients alike. */
    @Test
    void maxPoolingBreaksTiesAlike() {
        Backend cl = TestBackends.openCl();
        Backend java = TestBackends.java();
        Random rnd = new Random(5);
        for (Window c : windows(77, 60)) {
            MaxPool2d op = new MaxPool2d(c.params());
            PoolGeometry g = PoolGeometry.of("test", c.input(), c.params());
            float[] x = new float[size(c.input())];
            for (int i = 0; i < x.length; i++) {
                x[i] = rnd.nextInt(3); // ties everywhere
            }
            float[] dy = gaussian(rnd, size(g.outputShape()));
            float[][] ref = max(java, op, c.input(), x, dy);
            float[][] got = max(cl, op, c.input(), x, dy);
            assertArrayEquals(ref[1], got[1], "indices " + c);
            close("grad_input " + c, ref[2], got[2]);
        }
    }

    /**
     * Max pooling's forward computes a block of outputs per work-item, in vector lanes: every block the
     * tuning allows (widths 1 to 16, one to three rows) must give the Java reference's maxima and
     * indices exactly, on windows that clip at every edge, with ties, NaNs and infinities; the
     * buffer's first and last rows take the clamped path. The backward, a gather or a scatter by
     * bands of 1, 3 or 16 output rows (one per block, in turn), must give the gather's gradient bit
     * for bit, and the Java reference's to rounding.
     */
    @Test
    void everyMaxPoolingBlockMatchesTheJavaReference() {
        ClContext ctx = TestBackends.openCl().context();
        PoolingKernels.Tuning base = PoolingKernels.Tuning.SPEC.defaults(ctx.device());
        Random rnd = new Random(31);
        List<Window> cases = windows(4242, TestShapes.count(24, 6));
        PoolingKernels gather = new PoolingKernels(ctx, new PoolingKernels.Tuning(base.oxTile(), base.ixTile(),
                base.workGroup(), base.reduceWorkGroup(), base.maxVec(), base.maxRows(), 0));
        int[] scatters = {0, 1, 3, 16};
        int round = 0;
        for (int vec : PoolingKernels.MAX_VECS) {
            for (int rows = 1; rows <= 3; rows++) {
                int scatter = scatters[round++ % scatters.length];
                PoolingKernels k = new PoolingKernels(ctx, new PoolingKernels.Tuning(base.oxTile(), base.ixTile(),
                        base.workGroup(), base.reduceWorkGroup(), vec, rows, scatter));
                for (Window c : cases) {
                    PoolGeometry g = PoolGeometry.of("test", c.input(), c.params());
                    float[] x = gaussian(rnd, size(c.input()));
                    for (int i = 0; i < x.length; i++) {
                        switch (rnd.nextInt(12)) {
                            case 0 -> x[i] = Float.NaN;
                            case 1 -> x[i] = Float.NEGATIVE_INFINITY;
                            case 2, 3 -> x[i] = 1; // ties
                            default -> { }
                        }
                    }
                    double[] xd = new double[x.length];
                    for (int i = 0; i < x.length; i++) {
                        xd[i] = x[i];
                    }
                    double[] yRef = new double[(int) g.outputSize()];
                    int[] iRef = new int[yRef.length];
                    PoolingReference.maxForward(g, xd, yRef, iRef);
                    float[] yWant = new float[yRef.length], iWant = new float[yRef.length];
                    for (int i = 0; i < yRef.length; i++) {
                        yWant[i] = (float) yRef[i];
                        iWant[i] = iRef[i];
                    }
                    float[] dy = gaussian(rnd, yRef.length);
                    double[] dyd = new double[dy.length], dxRef = new double[x.length];
                    for (int i = 0; i < dy.length; i++) {
                        dyd[i] = dy[i];
                    }
                    PoolingReference.maxBackward(g, dyd, iRef, dxRef);
                    float[] dxWant = new float[x.length];
                    for (int i = 0; i < x.length; i++) {
                        dxWant[i] = (float) dxRef[i];
                    }
                    try (Buffer xb = ctx.upload(x); Buffer yb = ctx.allocate(g.outputSize());
                            Buffer ib = ctx.allocate(g.outputSize()); Buffer dyb = ctx.upload(dy);
                            Buffer dxb = ctx.allocate(g.inputSize()); Buffer dxg = ctx.allocate(g.inputSize())) {
                        k.maxForward(g, xb, yb, ib);
                        String what = vec + "x" + rows + " block, scatter " + scatter + ", " + c;
                        assertArrayEquals(yWant, ctx.read(yb), "output " + what);
                        assertArrayEquals(iWant, ctx.read(ib), "indices " + what);
                        ctx.fill(dxb, 0, dxb.floats(), Float.NaN); // every value must be written
                        k.maxBackward(g, dyb, ib, dxb);
                        gather.maxBackward(g, dyb, ib, dxg);
                        float[] dx = ctx.read(dxb);
                        assertArrayEquals(ctx.read(dxg), dx, "grad_input against the gather, " + what);
                        close("grad_input " + what, dxWant, dx);
                    }
                }
            }
        }
    }

    /**
     * 2x2 windows with stride 2 and no padding have kernels of their own: even and odd sizes (an odd
     * last row or column is left out), ceil mode (partial windows, hence the general kernels), ties,
     * NaNs and infinities must give the Java reference's values, indices and gradients exactly.
     */
    @Test
    void tilingTwoByTwoWindowsMatchTheJavaReference() {
        Backend cl = TestBackends.openCl();
        Backend java = TestBackends.java();
        Random rnd = new Random(22);
        for (int round = 0; round < TestShapes.count(80, 8); round++) {
            int[] input = {1 + rnd.nextInt(3), 1 + rnd.nextInt(5), 2 + rnd.nextInt(29), 2 + rnd.nextInt(29)};
            PoolParams p = PoolParams.kernel(2, 2).stride(2, 2).ceilMode(round % 4 == 3);
            MaxPool2d op = new MaxPool2d(p);
            PoolGeometry g = PoolGeometry.of("test", input, p);
            float[] x = gaussian(rnd, size(input));
            for (int i = 0; i < x.length; i++) {
                switch (rnd.nextInt(round % 2 == 0 ? 40 : 4)) {
                    case 0 -> x[i] = Float.NaN;
                    case 1 -> x[i] = Float.NEGATIVE_INFINITY;
                    case 2 -> x[i] = 1; // ties
                    default -> { }
                }
            }
            float[] dy = gaussian(rnd, size(g.outputShape()));
            float[][] ref = max(java, op, input, x, dy);
            float[][] got = max(cl, op, input, x, dy);
            String what = Arrays.toString(input) + " " + p;
            assertArrayEquals(ref[0], got[0], "output " + what);
            assertArrayEquals(ref[1], got[1], "indices " + what);
            assertArrayEquals(ref[2], got[2], "grad_input " + what); // each value takes one window's gradient
        }
    }

    @Test
    void avgPoolingMatchesTheJavaReference() {
        Backend cl = TestBackends.openCl();
        Backend java = TestBackends.java();
        Random rnd = new Random(12);
        int ceilPadded = 0, excludePad = 0;
        for (Window c : windows(20261125, WINDOW_CONFIGURATIONS)) {
            PoolParams p = c.params();
            ceilPadded += p.ceilMode() && p.padH() + p.padW() > 0 ? 1 : 0;
            excludePad += c.countIncludePad() ? 0 : 1;
            AvgPool2d op = new AvgPool2d(p, c.countIncludePad());
            PoolGeometry g = PoolGeometry.of("test", c.input(), p);
            float[] x = gaussian(rnd, size(c.input()));
            float[] dy = gaussian(rnd, size(g.outputShape()));
            float[][] ref = avg(java, op, c.input(), x, dy);
            float[][] got = avg(cl, op, c.input(), x, dy);
            close("output " + c, ref[0], got[0]);
            close("grad_input " + c, ref[1], got[1]);
        }
        assertTrue(ceilPadded >= TestShapes.count(30, 2) && excludePad >= TestShapes.count(100, 8), "coverage: ceil and padded " + ceilPadded
                + ", count_include_pad=false " + excludePad);
    }

    @Test
    void adaptiveAvgPoolingMatchesTheJavaReference() {
        Backend cl = TestBackends.openCl();
        Backend java = TestBackends.java();
        Random rnd = new Random(13);
        int global = 0, larger = 0;
        for (int i = 0; i < ADAPTIVE_CONFIGURATIONS; i++) {
            // Now and then a large plane, so that the global reduction has many values per work-item.
            boolean large = rnd.nextInt(8) == 0;
            int[] input = {1 + rnd.nextInt(3), 1 + rnd.nextInt(4), large ? 30 + rnd.nextInt(60) : 1 + rnd.nextInt(14),
                large ? 30 + rnd.nextInt(60) : 1 + rnd.nextInt(14)};
            boolean isGlobal = rnd.nextInt(4) == 0;
            int outH = isGlobal ? 1 : 1 + rnd.nextInt(input[2] + 3);
            int outW = isGlobal ? 1 : 1 + rnd.nextInt(input[3] + 3);
            global += outH == 1 && outW == 1 ? 1 : 0;
            larger += outH > input[2] || outW > input[3] ? 1 : 0;
            AdaptiveAvgPool2d op = new AdaptiveAvgPool2d(outH, outW);
            float[] x = gaussian(rnd, size(input));
            float[] dy = gaussian(rnd, input[0] * input[1] * outH * outW);
            String what = Arrays.toString(input) + " -> " + outH + " x " + outW;
            float[][] ref = adaptive(java, op, input, x, dy);
            float[][] got = adaptive(cl, op, input, x, dy);
            close("output " + what, ref[0], got[0]);
            close("grad_input " + what, ref[1], got[1]);
        }
        assertTrue(global >= TestShapes.count(20, 1) && larger >= TestShapes.count(20, 1), "coverage: global " + global + ", output larger " + larger);
    }

    private static float[][] max(Backend be, MaxPool2d op, int[] shape, float[] x, float[] dy) {
        try (Tensor tx = be.tensor(x, shape); MaxPoolResult r = op.forward(tx);
                Tensor tdy = be.tensor(dy, r.output().dims()); Tensor dx = op.backward(tx, r.indices(), tdy)) {
            return new float[][] {r.output().toArray(), r.indices().toArray(), dx.toArray()};
        }
    }

    private static float[][] avg(Backend be, AvgPool2d op, int[] shape, float[] x, float[] dy) {
        try (Tensor tx = be.tensor(x, shape); Tensor y = op.forward(tx); Tensor tdy = be.tensor(dy, y.dims());
                Tensor dx = op.backward(tx, tdy)) {
            return new float[][] {y.toArray(), dx.toArray()};
        }
    }

    private static float[][] adaptive(Backend be, AdaptiveAvgPool2d op, int[] shape, float[] x, float[] dy) {
        try (Tensor tx = be.tensor(x, shape); Tensor y = op.forward(tx); Tensor tdy = be.tensor(dy, y.dims());
                Tensor dx = op.backward(tx, tdy)) {
            return new float[][] {y.toArray(), dx.toArray()};
        }
    }
}
