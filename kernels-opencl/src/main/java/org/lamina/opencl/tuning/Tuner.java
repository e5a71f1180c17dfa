package org.lamina.opencl.tuning;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import org.lamina.geometry.ConvGeometry;
import org.lamina.geometry.ConvParams;
import org.lamina.opencl.Buffer;
import org.lamina.opencl.ClContext;
import org.lamina.opencl.ClException;
import org.lamina.opencl.Device;
import org.lamina.opencl.DeviceType;
import org.lamina.opencl.conv.ConvAlgorithm;
import org.lamina.opencl.conv.ConvChoice;
import org.lamina.opencl.conv.ConvKernels;
import org.lamina.opencl.conv.ConvSelector;
import org.lamina.opencl.conv.ConvShapeClass;
import org.lamina.opencl.gemm.GemmCall;
import org.lamina.opencl.gemm.GemmKernels;
import org.lamina.opencl.gemm.MatrixView;

/**
 * Searches a device's tuning: first the GEMM tiles (every candidate's product checked against a
 * double-precision reference before it is timed; a candidate that fails to build, to launch or to
 * agree is dropped), then, with the best tiles, the algorithm of each convolution pass per shape
 * class (every candidate checked against the direct kernel's result before it is timed). Times are
 * the best of a few runs after a warm-up. The result is a {@link TuningTable} in the tuning
 * database's format, for the exact device: stored as the user's tuned file, or added to the database.
 */
public final class Tuner {
    private final ClContext context;
    private final Consumer<String> log;
    private final int runs;

    /** A tuner on {@code context} that reports progress to {@code log} and times the best of {@code runs}. */
    public Tuner(ClContext context, Consumer<String> log, int runs) {
        if (runs < 1) {
            throw new IllegalArgumentException("tuner: runs " + runs + " must be at least 1");
        }
        this.context = context;
        this.log = log;
        this.runs = runs;
    }

    /** The GEMM candidates for a device: 9 in {@code quick} mode, about 20 otherwise. */
    public static List<GemmKernels.Tuning> gemmCandidates(Device device, boolean quick) {
        int wg = (int) Math.max(1, Math.min(64, device.maxWorkGroupSize()));
        List<GemmKernels.Tuning> out = new ArrayList<>();
        out.add(GemmKernels.Tuning.SPEC.defaults(device));
        // Each candidate costs a compilation (seconds on pocl): a full search stays near 20.
        int[][] tiles = quick ? new int[][] {{4, 32, 16}, {6, 16, 16}, {8, 16, 8}, {4, 64, 16}}
                : new int[][] {{4, 16, 8}, {8, 16, 8}, {4, 32, 16}, {6, 32, 16}, {8, 32, 16}, {4, 64, 16},
                    {6, 16, 16}, {12, 16, 16}, {4, 32, 8}};
        for (int[] t : tiles) {
            for (boolean rows : new boolean[] {true, false}) {
                out.add(new GemmKernels.Tuning(t[0], t[1], t[2], 4, false, 1, wg, rows));
            }
        }
        if (!quick) {
            out.add(new GemmKernels.Tuning(6, 16, 16, 1, false, 1, wg, false));
            out.add(new GemmKernels.Tuning(4, 32, 16, 1, false, 1, wg, true));
        }
        if (device.localMemDedicated() || device.type() != DeviceType.CPU) {
            int side = wg >= 64 ? 8 : wg >= 16 ? 4 : 1;
            for (int[] t : new int[][] {{4, 4, 4}, {4, 8, 4}, {8, 8, 8}, {2, 4, 4}}) {
                out.add(new GemmKernels.Tuning(t[0], t[1], t[2], 8, true, side, side, false));
                if (!quick) {
                    out.add(new GemmKernels.Tuning(t[0], t[1], t[2], 16, true, side, side, false));
                }
            }
        }
        return out.stream().distinct().toList();
    }

    /**
     * Representative convolutions at batch {@code n}: the 3x3 shapes of ResNet at CIFAR size (stride 1
     * and 2, dilated), 1x1, depthwise, a transposed convolution's geometry, and LeNet-5's two layers.
     * {@code quick} keeps one per kind.
     */
    public static List<ConvGeometry> standardShapes(int n, boolean quick) {
        List<ConvGeometry> out = new ArrayList<>();
        // cin, cout, size, kernel, stride, pad, dilation, groups
        int[][] full = {{3, 64, 32, 3, 1, 1, 1, 1}, {64, 64, 32, 3, 1, 1, 1, 1}, {128, 128, 16, 3, 1, 1, 1, 1},
            {256, 256, 8, 3, 1, 1, 1, 1}, {64, 128, 32, 3, 2, 1, 1, 1}, {256, 64, 16, 1, 1, 0, 1, 1},
            {128, 128, 32, 3, 1, 1, 1, 128}, {64, 64, 32, 3, 1, 2, 2, 1}, {32, 64, 32, 4, 2, 1, 1, 1},
            {1, 6, 28, 5, 1, 2, 1, 1}, {6, 16, 14, 5, 1, 0, 1, 1}};
        int[][] fast = {{3, 64, 32, 3, 1, 1, 1, 1}, {64, 64, 16, 3, 1, 1, 1, 1}, {128, 128, 8, 3, 1, 1, 1, 1},
            {64, 64, 16, 3, 1, 2, 2, 1}, {32, 64, 16, 4, 2, 1, 1, 1}, {1, 6, 28, 5, 1, 2, 1, 1},
            {6, 16, 14, 5, 1, 0, 1, 1}};
        for (int[] s : quick ? fast : full) {
            ConvParams p = ConvParams.defaults().stride(s[4]).padding(s[5]).dilation(s[6]).groups(s[7]);
            out.add(ConvGeometry.forward("tune", new int[] {n, s[0], s[2], s[2]},
                    new int[] {s[1], s[0] / s[7], s[3], s[3]}, p));
        }
        return out;
    }

    /** Tunes GEMM over {@code candidates}, then the convolution passes of {@code shapes}. */
    public TuningTable tune(List<GemmKernels.Tuning> candidates, List<ConvGeometry> shapes) {
        Device device = context.device();
        GemmKernels.Tuning gemm = tuneGemm(candidates);
        TuningTable table = TuningTable.tuned(DeviceDescription.of(device),
                Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), gemm, Map.of());
        GemmKernels g = new GemmKernels(context, gemm);
        ConvKernels kernels = new ConvKernels(context, g, ConvSelector.rules(device.type()));
        Map<String, ConvChoice> seen = new LinkedHashMap<>();
        for (ConvGeometry geometry : shapes) {
            String cls = ConvShapeClass.of(geometry).key();
            if (seen.containsKey(cls)) {
                continue; // one geometry per class: the first is its representative
            }
            ConvChoice c = tuneConv(kernels, geometry);
            seen.put(cls, c);
            table = table.with(cls, c);
        }
        return table;
    }

    // ------------------------------------------------------------------ GEMM

    /** The fastest candidate that builds and computes correct products; the device default if none does. */
    GemmKernels.Tuning tuneGemm(List<GemmKernels.Tuning> candidates) {
        Random rnd = new Random(1);
        // Odd sizes so that every edge path runs; strides as the convolution passes use them.
        int vm = 37, vn = 83, vk = 29;
        float[] a = gaussian(rnd, vm * vk), b = gaussian(rnd, vk * vn);
        double[] ref = new double[vm * vn];
        for (int i = 0; i < vm; i++) {
            for (int j = 0; j < vn; j++) {
                double s = 0;
                for (int p = 0; p < vk; p++) {
                    s += (double) a[i * vk + p] * b[p * vn + j];
                }
                ref[i * vn + j] = s;
            }
        }
        int[][] problems = {{64, 512, 576, 2, 1}, {128, 128, 1152, 2, 1}, {64, 576, 512, 1, 2}};
        GemmKernels.Tuning best = null;
        double bestMs = Double.MAX_VALUE;
        try (Buffer va = context.upload(a); Buffer vb = context.upload(b); Buffer vc = context.allocate(vm * vn)) {
            for (GemmKernels.Tuning t : candidates) {
                GemmKernels g;
                try {
                    g = new GemmKernels(context, t);
                    context.fill(vc, 0, (long) vm * vn, Float.NaN);
                    g.matmul(va, false, vb, false, vc, vm, vn, vk);
                } catch (ClException | IllegalStateException e) {
                    log.accept("gemm " + t + ": dropped (" + e.getMessage() + ")");
                    continue;
                }
                String wrong = compare(ref, context.read(vc), vk);
                if (wrong != null) {
                    log.accept("gemm " + t + ": dropped, wrong result " + wrong);
                    continue;
                }
                double ms = 0;
                for (int[] p : problems) {
                    ms += timeGemm(g, p[0], p[1], p[2], p[3], p[4]);
                }
                log.accept(String.format("gemm %s: %.2f ms", t, ms));
                if (ms < bestMs) {
                    bestMs = ms;
                    best = t;
                }
            }
        }
        if (best == null) {
            log.accept("gemm: no candidate passed; keeping the defaults");
            return GemmKernels.Tuning.SPEC.defaults(context.device());
        }
        log.accept("gemm: best " + best);
        return best;
    }

    private double timeGemm(GemmKernels g, int m, int n, int k, int batch, int reductions) {
        try (Buffer a = context.allocate((long) m * k * reductions); Buffer b = context.allocate((long) k * n * batch * reductions);
                Buffer c = context.allocate((long) m * n * batch)) {
            context.fill(a, 0, a.floats(), 0.5f);
            context.fill(b, 0, b.floats(), 0.25f);
            MatrixView va = MatrixView.rowMajor(a, 0, k).reducing((long) m * k);
            MatrixView vb = MatrixView.rowMajor(b, 0, n).batched((long) k * n * reductions, 0).reducing((long) k * n);
            MatrixView vc = MatrixView.rowMajor(c, 0, n).batched((long) m * n, 0);
            return time(() -> g.multiply(GemmCall.of(m, n, k).a(va).b(vb).c(vc).batches(batch, 1).reductions(reductions)));
        }
    }

    // ------------------------------------------------------------------ convolution

    private ConvChoice tuneConv(ConvKernels kernels, ConvGeometry g) {
        Random rnd = new Random(2);
        try (Buffer x = context.upload(gaussian(rnd, (int) g.inputSize()));
                Buffer w = context.upload(gaussian(rnd, (int) g.weightSize()));
                Buffer dy = context.upload(gaussian(rnd, (int) g.outputSize()));
                Buffer bias = context.upload(gaussian(rnd, Math.max(g.k(), g.c())));
                Buffer y = context.allocate(g.outputSize()); Buffer dx = context.allocate(g.inputSize());
                Buffer dw = context.allocate(g.weightSize())) {
            kernels.forward(ConvAlgorithm.DIRECT, g, x, w, bias, y);
            kernels.backwardData(ConvAlgorithm.DIRECT, g, dy, w, bias, dx);
            kernels.backwardFilter(ConvAlgorithm.DIRECT, g, x, dy, dw);
            float[] refY = context.read(y), refDx = context.read(dx), refDw = context.read(dw);
            String cls = ConvShapeClass.of(g).key();
            ConvAlgorithm f = best(cls + " forward", g, a -> kernels.forward(a, g, x, w, bias, y), y, refY);
            ConvAlgorithm d = best(cls + " backward data", g, a -> kernels.backwardData(a, g, dy, w, bias, dx), dx,
                    refDx);
            ConvAlgorithm wgt = best(cls + " backward filter", g, a -> kernels.backwardFilter(a, g, x, dy, dw), dw,
                    refDw);
            return new ConvChoice(f, d, wgt);
        }
    }

    private ConvAlgorithm best(String what, ConvGeometry g, Consumer<ConvAlgorithm> pass, Buffer out, float[] ref) {
        ConvAlgorithm best = ConvAlgorithm.DIRECT;
        double bestMs = Double.MAX_VALUE;
        StringBuilder line = new StringBuilder(what + ":");
        for (ConvAlgorithm a : ConvAlgorithm.values()) {
            if (!a.supports(g)) {
                continue;
            }
            context.fill(out, 0, out.floats(), Float.NaN);
            try {
                pass.accept(a);
            } catch (ClException | IllegalStateException e) {
                line.append(' ').append(a).append(" failed (").append(e.getMessage()).append(')');
                continue;
            }
            String wrong = compare(ref, context.read(out));
            if (wrong != null) {
                line.append(' ').append(a).append(" wrong (").append(wrong).append(')');
                continue;
            }
            double ms = time(() -> pass.accept(a));
            line.append(String.format(" %s %.2f ms", a, ms));
            if (ms < bestMs) {
                bestMs = ms;
                best = a;
            }
        }
        log.accept(line + " -> " + best);
        return best;
    }

    // ------------------------------------------------------------------ helpers

    private double time(Runnable r) {
        r.run();
        context.finish();
        double best = Double.MAX_VALUE;
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            r.run();
            context.finish();
            best = Math.min(best, (System.nanoTime() - t0) / 1e6);
        }
        return best;
    }

    /** Null when {@code got} matches a double reference of sums over {@code k} terms, else where it does not. */
    private static String compare(double[] ref, float[] got, int k) {
        for (int i = 0; i < ref.length; i++) {
            double tol = 1e-5 * Math.sqrt(k) * (1 + Math.abs(ref[i])) * 4;
            if (!(Math.abs(ref[i] - got[i]) <= tol)) {
                return "at " + i + ": " + got[i] + " instead of " + ref[i];
            }
        }
        return null;
    }

    /** Null when {@code got} matches {@code ref} (another kernel's float32 result) to float32 rounding. */
    private static String compare(float[] ref, float[] got) {
        double scale = 0;
        for (float v : ref) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 0; i < ref.length; i++) {
            double tol = 1e-4 * scale + 1e-4 * Math.abs(ref[i]) + 1e-6;
            if (!(Math.abs(ref[i] - got[i]) <= tol)) {
                return "at " + i + ": " + got[i] + " instead of " + ref[i];
            }
        }
        return null;
    }

    private static float[] gaussian(Random rnd, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) rnd.nextGaussian();
        }
        return a;
    }
}
