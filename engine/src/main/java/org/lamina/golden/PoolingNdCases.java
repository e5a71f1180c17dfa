package org.lamina.golden;

import java.util.Map;
import org.lamina.backend.Backend;
import org.lamina.backend.PoolingOps.MaxPoolResult;
import org.lamina.geometry.Pool1dParams;
import org.lamina.geometry.Pool3dParams;
import org.lamina.ops.AdaptiveAvgPool3d;
import org.lamina.ops.Pool1d;
import org.lamina.ops.Pool3d;
import org.lamina.tensor.Tensor;

/**
 * Runs {@code max_pool1d}, {@code avg_pool1d}, {@code max_pool3d}, {@code avg_pool3d} and
 * {@code adaptive_avg_pool3d} cases: forward, then the input gradient.
 */
final class PoolingNdCases implements CaseRunner {

    @Override
    public Map<String, float[]> run(GoldenCase c, Backend backend) {
        try (CaseTensors t = new CaseTensors(c, backend)) {
            Tensor x = t.load("input");
            Tensor dy = t.loadIfPresent("grad_out");
            switch (c.op()) {
                case Pool1d.MAX, Pool1d.AVG -> {
                    requireNoDilation(c, c.single("dilation", 1) == 1);
                    int k = c.single("kernel_size", 1);
                    Pool1dParams p = new Pool1dParams(k, hasStride(c) ? c.single("stride", k) : k,
                            c.single("padding", 0), c.boolParam("ceil_mode", false));
                    if (c.op().equals(Pool1d.MAX)) {
                        Pool1d op = Pool1d.max(p);
                        MaxPoolResult r = op.maxima(x);
                        t.result("output", r.output());
                        t.keep(r.indices());
                        if (dy != null) {
                            t.result("grad_input", op.backward(x, r.indices(), dy));
                        }
                    } else {
                        requireNoDivisor(c);
                        Pool1d op = Pool1d.average(p, c.boolParam("count_include_pad", true));
                        t.result("output", op.average(x));
                        if (dy != null) {
                            t.result("grad_input", op.backward(x, null, dy));
                        }
                    }
                }
                case Pool3d.MAX, Pool3d.AVG -> {
                    int[] d = c.triple("dilation", 1);
                    requireNoDilation(c, d[0] == 1 && d[1] == 1 && d[2] == 1);
                    int[] k = c.triple("kernel_size", 1);
                    int[] s = hasStride(c) ? c.triple("stride", 1) : k;
                    int[] pad = c.triple("padding", 0);
                    Pool3dParams p = Pool3dParams.kernel(k[0], k[1], k[2]).stride(s[0], s[1], s[2])
                            .padding(pad[0], pad[1], pad[2]).ceilMode(c.boolParam("ceil_mode", false));
                    if (c.op().equals(Pool3d.MAX)) {
                        Pool3d op = Pool3d.max(p);
                        Pool3d.MaxResult r = op.maxima(x);
                        t.result("output", r.output());
                        t.keep(r.planeIndices());
                        t.keep(r.depthIndices());
                        if (dy != null) {
                            t.result("grad_input", op.backward(x.dims(), r, dy));
                        }
                    } else {
                        requireNoDivisor(c);
                        Pool3d op = Pool3d.average(p, c.boolParam("count_include_pad", true));
                        t.result("output", op.average(x));
                        if (dy != null) {
                            t.result("grad_input", op.backward(x.dims(), null, dy));
                        }
                    }
                }
                case AdaptiveAvgPool3d.NAME -> {
                    int[] size = c.triple("output_size", 1);
                    AdaptiveAvgPool3d op = new AdaptiveAvgPool3d(size[0], size[1], size[2]);
                    t.result("output", op.forward(x));
                    if (dy != null) {
                        t.result("grad_input", op.backward(x.dims(), dy));
                    }
                }
                default -> throw new IllegalArgumentException("pooling cases: unknown op " + c.op());
            }
            return t.results();
        }
    }

    private static boolean hasStride(GoldenCase c) {
        return c.params().has("stride") && !c.params().get("stride").isJsonNull()
                && !(c.params().get("stride").isJsonArray() && c.params().get("stride").getAsJsonArray().isEmpty());
    }

    private static void requireNoDilation(GoldenCase c, boolean one) {
        if (!one) {
            throw new IllegalArgumentException(c.op() + ": dilation " + c.params().get("dilation") + " is not supported");
        }
    }

    private static void requireNoDivisor(GoldenCase c) {
        if (c.params().has("divisor_override") && !c.params().get("divisor_override").isJsonNull()) {
            throw new IllegalArgumentException(c.op() + ": divisor_override " + c.params().get("divisor_override")
                    + " is not supported");
        }
    }
}
