package org.lamina.backend.java;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.lamina.geometry.AdaptivePoolGeometry;
import org.lamina.geometry.PoolGeometry;

/**
 * Pooling written the way the definitions read, in double precision: the Java backend's pooling,
 * and the ground truth of the gradient checks. Backward passes are the plain adjoints (each output
 * gradient scattered over its window). Loops run in parallel over planes, which own their values.
 */
public final class PoolingReference {
    private PoolingReference() {
    }

    /**
     * {@code y} = the maximum of each clipped window (padding acts as -inf), {@code indices} = its
     * flat index {@code iy*W + ix} in the plane: the first maximum in row-major order, a NaN winning
     * over numbers, and the window's first value when all are -inf (PyTorch's rules).
     */
    public static void maxForward(PoolGeometry g, double[] x, double[] y, int[] indices) {
        int h = g.h(), w = g.w(), ho = g.ho(), wo = g.wo();
        IntStream.range(0, g.planes()).parallel().forEach(p -> {
            int in = p * h * w, out = p * ho * wo;
            for (int oy = 0; oy < ho; oy++) {
                int hs = Math.max(oy * g.sh() - g.ph(), 0), he = Math.min(oy * g.sh() - g.ph() + g.kh(), h);
                for (int ox = 0; ox < wo; ox++) {
                    int ws = Math.max(ox * g.sw() - g.pw(), 0), we = Math.min(ox * g.sw() - g.pw() + g.kw(), w);
                    double best = Double.NEGATIVE_INFINITY;
                    int arg = hs * w + ws;
                    for (int iy = hs; iy < he; iy++) {
                        for (int ix = ws; ix < we; ix++) {
                            double v = x[in + iy * w + ix];
                            if (v > best || Double.isNaN(v)) {
                                best = v;
                                arg = iy * w + ix;
                            }
                        }
                    }
                    y[out + oy * wo + ox] = best;
                    indices[out + oy * wo + ox] = arg;
                }
            }
        });
    }

    /**
     * {@code dx} (overwritten): {@code dy} of each window added at its index.
     *
     * @throws IllegalArgumentException for an index outside the input plane
     */
    public static void maxBackward(PoolGeometry g, double[] dy, int[] indices, double[] dx) {
        int plane = g.h() * g.w(), outPlane = g.ho() * g.wo();
        for (int o = 0; o < indices.length; o++) {
            if (indices[o] < 0 || indices[o] >= plane) {
                throw new IllegalArgumentException("max_pool2d backward: indices[" + o + "] = " + indices[o]
                        + " is outside the input plane of " + g.h() + " x " + g.w());
            }
        }
        IntStream.range(0, g.planes()).parallel().forEach(p -> {
            Arrays.fill(dx, p * plane, (p + 1) * plane, 0.0);
            for (int o = p * outPlane; o < (p + 1) * outPlane; o++) {
                dx[p * plane + indices[o]] += dy[o];
            }
        });
    }

    /** {@code y} = the sum of each clipped window divided by {@code avgRows * avgCols}. */
    public static void avgForward(PoolGeometry g, boolean countIncludePad, double[] x, double[] y) {
        int h = g.h(), w = g.w(), ho = g.ho(), wo = g.wo();
        IntStream.range(0, g.planes()).parallel().forEach(p -> {
            int in = p * h * w, out = p * ho * wo;
            for (int oy = 0; oy < ho; oy++) {
                int hs = Math.max(oy * g.sh() - g.ph(), 0), he = Math.min(oy * g.sh() - g.ph() + g.kh(), h);
                for (int ox = 0; ox < wo; ox++) {
                    int ws = Math.max(ox * g.sw() - g.pw(), 0), we = Math.min(ox * g.sw() - g.pw() + g.kw(), w);
                    double s = 0;
                    for (int iy = hs; iy < he; iy++) {
                        for (int ix = ws; ix < we; ix++) {
                            s += x[in + iy * w + ix];
                        }
                    }
                    int divisor = g.avgRows(oy, countIncludePad) * g.avgCols(ox, countIncludePad);
                    y[out + oy * wo + ox] = s / divisor;
                }
            }
        });
    }

    /** {@code dx} (overwritten): {@code dy / divisor} of each window added over its clipped window. */
    public static void avgBackward(PoolGeometry g, boolean countIncludePad, double[] dy, double[] dx) {
        int h = g.h(), w = g.w(), ho = g.ho(), wo = g.wo();
        IntStream.range(0, g.planes()).parallel().forEach(p -> {
            int in = p * h * w, out = p * ho * wo;
            Arrays.fill(dx, in, in + h * w, 0.0);
            for (int oy = 0; oy < ho; oy++) {
                int hs = Math.max(oy * g.sh() - g.ph(), 0), he = Math.min(oy * g.sh() - g.ph() + g.kh(), h);
                for (int ox = 0; ox < wo; ox++) {
                    int ws = Math.max(ox * g.sw() - g.pw(), 0), we = Math.min(ox * g.sw() - g.pw() + g.kw(), w);
                    double share = dy[out + oy * wo + ox]
                            / (g.avgRows(oy, countIncludePad) * g.avgCols(ox, countIncludePad));
                    for (int iy = hs; iy < he; iy++) {
                        for (int ix = ws; ix < we; ix++) {
                            dx[in + iy * w + ix] += share;
                        }
                    }
                }
            }
        });
    }

    /** {@code y} = the mean of each adaptive cell (rows {@code floor(i*H/Ho) .. ceil((i+1)*H/Ho) - 1}). */
    public static void adaptiveForward(AdaptivePoolGeometry g, double[] x, double[] y) {
        int h = g.h(), w = g.w(), ho = g.ho(), wo = g.wo();
        IntStream.range(0, g.planes()).parallel().forEach(p -> {
            int in = p * h * w, out = p * ho * wo;
            for (int oy = 0; oy < ho; oy++) {
                int hs = AdaptivePoolGeometry.start(oy, h, ho), he = AdaptivePoolGeometry.end(oy, h, ho);
                for (int ox = 0; ox < wo; ox++) {
                    int ws = AdaptivePoolGeometry.start(ox, w, wo), we = AdaptivePoolGeometry.end(ox, w, wo);
                    double s = 0;
                    for (int iy = hs; iy < he; iy++) {
                        for (int ix = ws; ix < we; ix++) {
                            s += x[in + iy * w + ix];
                        }
                    }
                    y[out + oy * wo + ox] = s / ((he - hs) * (we - ws));
                }
            }
        });
    }

    /** {@code dx} (overwritten): {@code dy / cell size} of each cell added over its cell. */
    public static void adaptiveBackward(AdaptivePoolGeometry g, double[] dy, double[] dx) {
        int h = g.h(), w = g.w(), ho = g.ho(), wo = g.wo();
        IntStream.range(0, g.planes()).parallel().forEach(p -> {
            int in = p * h * w, out = p * ho * wo;
            Arrays.fill(dx, in, in + h * w, 0.0);
            for (int oy = 0; oy < ho; oy++) {
                int hs = AdaptivePoolGeometry.start(oy, h, ho), he = AdaptivePoolGeometry.end(oy, h, ho);
                for (int ox = 0; ox < wo; ox++) {
                    int ws = AdaptivePoolGeometry.start(ox, w, wo), we = AdaptivePoolGeometry.end(ox, w, wo);
                    double share = dy[out + oy * wo + ox] / ((he - hs) * (we - ws));
                    for (int iy = hs; iy < he; iy++) {
                        for (int ix = ws; ix < we; ix++) {
                            dx[in + iy * w + ix] += share;
                        }
                    }
                }
            }
        });
    }
}
