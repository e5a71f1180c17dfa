package org.lamina.backend.java;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.lamina.geometry.ConvGeometry;

/**
 * Convolution written the way the definition reads, in double precision. The Java backend's
 * convolutions, and the ground truth of the gradient checks. Each loop nest parallelises over an
 * index that owns its output, so no two threads write the same value.
 */
public final class ConvReference {
    private ConvReference() {
    }

    /** {@code y[n,k,oy,ox] = bias[k] + sum_{c,ky,kx} w[k,c,ky,kx] x[n, g*Cg+c, oy*sH-pH+ky*dH, ox*sW-pW+kx*dW]}. */
    public static void forward(ConvGeometry g, double[] x, double[] w, double[] bias, double[] y) {
        int cg = g.cPerGroup(), kg = g.kPerGroup();
        IntStream.range(0, g.n() * g.k()).parallel().forEach(nk -> {
            int n = nk / g.k(), k = nk % g.k(), grp = k / kg;
            for (int oy = 0; oy < g.ho(); oy++) {
                for (int ox = 0; ox < g.wo(); ox++) {
                    double s = bias == null ? 0 : bias[k];
                    for (int c = 0; c < cg; c++) {
                        int xc = (n * g.c() + grp * cg + c) * g.h();
                        int wc = (k * cg + c) * g.kh();
                        for (int ky = 0; ky < g.kh(); ky++) {
                            int iy = oy * g.sh() - g.ph() + ky * g.dh();
                            if (iy < 0 || iy >= g.h()) {
                                continue;
                            }
                            for (int kx = 0; kx < g.kw(); kx++) {
                                int ix = ox * g.sw() - g.pw() + kx * g.dw();
                                if (ix >= 0 && ix < g.w()) {
                                    s += w[(wc + ky) * g.kw() + kx] * x[(xc + iy) * g.w() + ix];
                                }
                            }
                        }
                    }
                    y[((n * g.k() + k) * g.ho() + oy) * g.wo() + ox] = s;
                }
            }
        });
    }

    /**
     * {@code dx} (overwritten) as the adjoint of {@link #forward}: every product of the forward pass
     * sends {@code dy * w} back to the input value it read. Plus {@code bias[c]} when not null.
     */
    public static void backwardData(ConvGeometry g, double[] dy, double[] w, double[] bias, double[] dx) {
        int cg = g.cPerGroup(), kg = g.kPerGroup(), plane = g.h() * g.w();
        IntStream.range(0, g.n() * g.c()).parallel().forEach(nc -> {
            int n = nc / g.c(), c = nc % g.c(), grp = c / cg, cl = c % cg;
            int base = nc * plane;
            Arrays.fill(dx, base, base + plane, bias == null ? 0 : bias[c]);
            for (int k = grp * kg; k < (grp + 1) * kg; k++) {
                for (int oy = 0; oy < g.ho(); oy++) {
                    for (int ox = 0; ox < g.wo(); ox++) {
                        double d = dy[((n * g.k() + k) * g.ho() + oy) * g.wo() + ox];
                        for (int ky = 0; ky < g.kh(); ky++) {
                            int iy = oy * g.sh() - g.ph() + ky * g.dh();
                            if (iy < 0 || iy >= g.h()) {
                                continue;
                            }
                            for (int kx = 0; kx < g.kw(); kx++) {
                                int ix = ox * g.sw() - g.pw() + kx * g.dw();
                                if (ix >= 0 && ix < g.w()) {
                                    dx[base + iy * g.w() + ix] += d * w[((k * cg + cl) * g.kh() + ky) * g.kw() + kx];
                                }
                            }
                        }
                    }
                }
            }
        });
    }

    /** {@code dw[k,c,ky,kx]} (overwritten) = sum over n, oy, ox of {@code dy * x} at the tap's input position. */
    public static void backwardFilter(ConvGeometry g, double[] x, double[] dy, double[] dw) {
        int cg = g.cPerGroup(), kg = g.kPerGroup();
        IntStream.range(0, g.k()).parallel().forEach(k -> {
            int grp = k / kg;
            for (int c = 0; c < cg; c++) {
                for (int ky = 0; ky < g.kh(); ky++) {
                    for (int kx = 0; kx < g.kw(); kx++) {
                        double s = 0;
                        for (int n = 0; n < g.n(); n++) {
                            int xc = (n * g.c() + grp * cg + c) * g.h();
                            for (int oy = 0; oy < g.ho(); oy++) {
                                int iy = oy * g.sh() - g.ph() + ky * g.dh();
                                if (iy < 0 || iy >= g.h()) {
                                    continue;
                                }
                                for (int ox = 0; ox < g.wo(); ox++) {
                                    int ix = ox * g.sw() - g.pw() + kx * g.dw();
                                    if (ix >= 0 && ix < g.w()) {
                                        s += dy[((n * g.k() + k) * g.ho() + oy) * g.wo() + ox]
                                                * x[(xc + iy) * g.w() + ix];
                                    }
                                }
                            }
                        }
                        dw[((k * cg + c) * g.kh() + ky) * g.kw() + kx] = s;
                    }
                }
            }
        });
    }

    /** {@code db[c]} = sum of {@code dy[n, c, ...]} over n and the {@code inner} trailing values. */
    public static void biasGrad(int n, int channels, int inner, double[] dy, double[] db) {
        IntStream.range(0, channels).parallel().forEach(c -> {
            double s = 0;
            for (int i = 0; i < n; i++) {
                int base = (i * channels + c) * inner;
                for (int j = 0; j < inner; j++) {
                    s += dy[base + j];
                }
            }
            db[c] = s;
        });
    }
}
