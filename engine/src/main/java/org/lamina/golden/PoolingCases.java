package org.lamina.golden;

import java.util.Map;
import org.lamina.backend.Backend;
import org.lamina.backend.PoolingOps.MaxPoolResult;
import org.lamina.geometry.PoolParams;
import org.lamina.ops.AdaptiveAvgPool2d;
import org.lamina.ops.AvgPool2d;
import org.lamina.ops.MaxPool2d;
import org.lamina.tensor.Tensor;

/**
 * Runs {@code max_pool2d}, {@code avg_pool2d} and {@code adaptive_avg_pool2d} cases: forward, then
 * the input gradient. Max pooling's indices are an aux tensor, not checked by tolerance; this runner
 * requires them to equal the case's exactly (they are integers) and fails the case otherwise.
 */
final class PoolingCases implements CaseRunner {

    @Override
    public Map<String, float[]> run(GoldenCase c, Backend backend) {
        try (CaseTensors t = new CaseTensors(c, backend)) {
            Tensor x = t.load("input");
            Tensor dy = t.loadIfPresent("grad_out");
            switch (c.op()) {
                case MaxPool2d.NAME -> {
                    MaxPool2d op = new MaxPool2d(windowParams(c));
                    MaxPoolResult r = op.forward(x);
                    t.result("output", r.output());
                    t.result("indices", r.indices());
                    if (c.has("indices")) {
                        requireEqualIndices(c, t.results().get("indices"));
                    }
                    if (dy != null) {
                        t.result("grad_input", op.backward(x, r.indices(), dy));
                    }
                }
                case AvgPool2d.NAME -> {
                    if (c.params().has("divisor_override") && !c.params().get("divisor_override").isJsonNull()) {
                        throw new IllegalArgumentException("avg_pool2d: divisor_override "
                                + c.params().get("divisor_override") + " is not supported");
                    }
                    AvgPool2d op = new AvgPool2d(windowParams(c), c.boolParam("count_include_pad", true));
                    t.result("output", op.forward(x));
                    if (dy != null) {
                        t.result("grad_input", op.backward(x, dy));
                    }
                }
                case AdaptiveAvgPool2d.NAME -> {
                    int[] size = c.pair("output_size", 1);
                    AdaptiveAvgPool2d op = new AdaptiveAvgPool2d(size[0], size[1]);
                    t.result("output", op.forward(x));
                    if (dy != null) {
                        t.result("grad_input", op.backward(x, dy));
                    }
                }
                default -> throw new IllegalArgumentException("pooling cases: unknown op " + c.op());
            }
            return t.results();
        }
    }

    /** kernel_size, stride (the kernel size when absent, as PyTorch), padding, ceil_mode; dilation must be 1. */
    private static PoolParams windowParams(GoldenCase c) {
        int[] kernel = c.pair("kernel_size", 1);
        int[] stride = c.params().has("stride") && !c.params().get("stride").isJsonNull() ? c.pair("stride", 1)
                : kernel;
        int[] pad = c.pair("padding", 0);
        int[] dilation = c.pair("dilation", 1);
        if (dilation[0] != 1 || dilation[1] != 1) {
            throw new IllegalArgumentException(c.op() + ": dilation (" + dilation[0] + ", " + dilation[1]
                    + ") is not supported");
        }
        return PoolParams.kernel(kernel[0], kernel[1]).stride(stride[0], stride[1]).padding(pad[0], pad[1])
                .ceilMode(c.boolParam("ceil_mode", false));
    }

    private static void requireEqualIndices(GoldenCase c, float[] got) {
        float[] expected = c.load("indices");
        int wrong = 0, first = -1;
        for (int i = 0; i < expected.length; i++) {
            if (i >= got.length || got[i] != expected[i]) {
                wrong++;
                first = first < 0 ? i : first;
            }
        }
        if (wrong > 0 || got.length != expected.length) {
            throw new IllegalStateException("indices: " + wrong + " of " + expected.length + " differ"
                    + (first >= 0 && first < got.length ? ", first at " + first + ": got " + got[first] + " expected "
                            + expected[first] : "") + (got.length != expected.length ? "; got " + got.length
                                    + " values" : ""));
        }
    }
}
