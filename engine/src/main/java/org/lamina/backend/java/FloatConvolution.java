package org.lamina.backend.java;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.lamina.backend.ConvolutionOps;
import org.lamina.geometry.ConvGeometry;
import org.lamina.tensor.Tensor;

/**
 * {@link ConvolutionOps} of the Java float backend: each image's patches unrolled into a matrix
 * (im2col; a 1x1 convolution of stride 1 reads its input as it is) and multiplied with
 * {@link FloatGemm}, in single precision. Images run in parallel in the forward and data passes; the
 * filter gradient sums the images in order, each product spread over the threads.
 */
final class FloatConvolution implements ConvolutionOps {
    private final JavaBackend backend;

    FloatConvolution(JavaBackend backend) {
        this.backend = backend;
    }

    @Override
    public Tensor forward(Tensor x, Tensor w, Tensor bias, ConvGeometry g) {
        float[] xs = backend.floats(x), ws = backend.floats(w), bs = backend.floats(bias);
        float[] y = new float[Math.toIntExact(g.outputSize())];
        int cg = g.cPerGroup(), kg = g.kPerGroup(), taps = cg * g.kh() * g.kw(), plane = g.ho() * g.wo();
        int inPlane = g.h() * g.w();
        boolean direct = g.isPointwise();
        IntStream.range(0, g.n()).parallel().forEach(n -> {
            float[] cols = direct ? null : new float[taps * plane];
            for (int grp = 0; grp < g.groups(); grp++) {
                int xOff = (n * g.c() + grp * cg) * inPlane, yOff = (n * g.k() + grp * kg) * plane;
                if (direct) {
                    FloatGemm.gemm(false, false, kg, plane, taps, ws, grp * kg * taps, taps, xs, xOff, plane, y, yOff,
                            plane, false);
                } else {
                    im2col(g, xs, xOff, cg, cols);
                    FloatGemm.gemm(false, false, kg, plane, taps, ws, grp * kg * taps, taps, cols, 0, plane, y, yOff,
                            plane, false);
                }
            }
            if (bs != null) {
                for (int k = 0; k < g.k(); k++) {
                    int o = (n * g.k() + k) * plane;
                    float b = bs[k];
                    for (int i = 0; i < plane; i++) {
                        y[o + i] += b;
                    }
                }
            }
        });
        return backend.wrap(y, g.outputShape());
    }

    @Override
    public Tensor backwardData(Tensor dy, Tensor w, Tensor bias, ConvGeometry g) {
        float[] dys = backend.floats(dy), ws = backend.floats(w), bs = backend.floats(bias);
        float[] dx = new float[Math.toIntExact(g.inputSize())];
        int cg = g.cPerGroup(), kg = g.kPerGroup(), taps = cg * g.kh() * g.kw(), plane = g.ho() * g.wo();
        int inPlane = g.h() * g.w();
        boolean direct = g.isPointwise();
        IntStream.range(0, g.n()).parallel().forEach(n -> {
            float[] cols = direct ? null : new float[taps * plane];
            for (int grp = 0; grp < g.groups(); grp++) {
                int dxOff = (n * g.c() + grp * cg) * inPlane, dyOff = (n * g.k() + grp * kg) * plane;
                // dcols [taps, plane] = W_g^T [taps, kg] dy_g [kg, plane]
                if (direct) {
                    FloatGemm.gemm(true, false, taps, plane, kg, ws, grp * kg * taps, taps, dys, dyOff, plane, dx,
                            dxOff, plane, false);
                } else {
                    FloatGemm.gemm(true, false, taps, plane, kg, ws, grp * kg * taps, taps, dys, dyOff, plane, cols, 0,
                            plane, false);
                    col2im(g, cols, cg, dx, dxOff);
                }
            }
            if (bs != null) {
                for (int c = 0; c < g.c(); c++) {
                    int o = (n * g.c() + c) * inPlane;
                    float b = bs[c];
                    for (int i = 0; i < inPlane; i++) {
                        dx[o + i] += b;
                    }
                }
            }
        });
        return backend.wrap(dx, g.inputShape());
    }

    @Override
    public Tensor backwardFilter(Tensor x, Tensor dy, ConvGeometry g) {
        float[] xs = backend.floats(x), dys = backend.floats(dy);
        float[] dw = new float[Math.toIntExact(g.weightSize())];
        int cg = g.cPerGroup(), kg = g.kPerGroup(), taps = cg * g.kh() * g.kw(), plane = g.ho() * g.wo();
        int inPlane = g.h() * g.w();
        boolean direct = g.isPointwise();
        float[] cols = direct ? null : new float[taps * plane];
        for (int n = 0; n < g.n(); n++) {
            for (int grp = 0; grp < g.groups(); grp++) {
                int xOff = (n * g.c() + grp * cg) * inPlane, dyOff = (n * g.k() + grp * kg) * plane;
                // dW_g [kg, taps] += dy_g [kg, plane] cols^T [plane, taps]
                if (direct) {
                    FloatGemm.gemm(false, true, kg, taps, plane, dys, dyOff, plane, xs, xOff, plane, dw,
                            grp * kg * taps, taps, n > 0);
                } else {
                    im2col(g, xs, xOff, cg, cols);
                    FloatGemm.gemm(false, true, kg, taps, plane, dys, dyOff, plane, cols, 0, plane, dw,
                            grp * kg * taps, taps, n > 0);
                }
            }
        }
        return backend.wrap(dw, g.weightShape());
    }

    @Override
    public Tensor biasGrad(Tensor dy) {
        int n = dy.dim(0), c = dy.dim(1), inner = dy.size() / Math.max(1, n * c);
        float[] d = backend.floats(dy);
        float[] db = new float[c];
        IntStream.range(0, c).parallel().forEach(ch -> {
            double s = 0; // a plain sum of many values: double keeps it exact enough for free
            for (int i = 0; i < n; i++) {
                int base = (i * c + ch) * inner;
                for (int j = 0; j < inner; j++) {
                    s += d[base + j];
                }
            }
            db[ch] = (float) s;
        });
        return backend.wrap(db, c);
    }

    /**
     * {@code cols[(c*kh + ky)*kw + kx][oy*wo + ox]} = the input value that tap reads for that output
     * position, 0 in the padding; {@code cg} channels of one image from {@code xOff}.
     */
    static void im2col(ConvGeometry g, float[] x, int xOff, int cg, float[] cols) {
        int ho = g.ho(), wo = g.wo(), h = g.h(), w = g.w(), sw = g.sw();
        int row = 0;
        for (int c = 0; c < cg; c++) {
            int xc = xOff + c * h * w;
            for (int ky = 0; ky < g.kh(); ky++) {
                for (int kx = 0; kx < g.kw(); kx++, row++) {
                    int base = row * ho * wo, x0 = kx * g.dw() - g.pw();
                    // the output columns whose input column lies inside the image: [lo, hi)
                    int lo = Math.min(wo, Math.max(0, ceilDiv(-x0, sw))), hi = Math.max(lo, Math.min(wo, ceilDiv(w - x0, sw)));
                    for (int oy = 0; oy < ho; oy++) {
                        int iy = oy * g.sh() - g.ph() + ky * g.dh(), o = base + oy * wo;
                        if (iy < 0 || iy >= h) {
                            Arrays.fill(cols, o, o + wo, 0f);
                            continue;
                        }
                        Arrays.fill(cols, o, o + lo, 0f);
                        int src = xc + iy * w + x0;
                        if (sw == 1 && hi > lo) {
                            System.arraycopy(x, src + lo, cols, o + lo, hi - lo);
                        } else {
                            for (int ox = lo; ox < hi; ox++) {
                                cols[o + ox] = x[src + ox * sw];
                            }
                        }
                        Arrays.fill(cols, o + hi, o + wo, 0f);
                    }
                }
            }
        }
    }

    /** The adjoint of {@link #im2col}: each column value added to the input value it was read from. */
    static void col2im(ConvGeometry g, float[] cols, int cg, float[] dx, int dxOff) {
        int ho = g.ho(), wo = g.wo(), h = g.h(), w = g.w(), sw = g.sw();
        int row = 0;
        for (int c = 0; c < cg; c++) {
            int xc = dxOff + c * h * w;
            for (int ky = 0; ky < g.kh(); ky++) {
                for (int kx = 0; kx < g.kw(); kx++, row++) {
                    int base = row * ho * wo, x0 = kx * g.dw() - g.pw();
                    int lo = Math.min(wo, Math.max(0, ceilDiv(-x0, sw))), hi = Math.max(lo, Math.min(wo, ceilDiv(w - x0, sw)));
                    for (int oy = 0; oy < ho; oy++) {
                        int iy = oy * g.sh() - g.ph() + ky * g.dh();
                        if (iy < 0 || iy >= h) {
                            continue;
                        }
                        int o = base + oy * wo, dst = xc + iy * w + x0;
                        for (int ox = lo; ox < hi; ox++) {
                            dx[dst + ox * sw] += cols[o + ox];
                        }
                    }
                }
            }
        }
    }

    private static int ceilDiv(int a, int b) {
        return -Math.floorDiv(-a, b);
    }
}
