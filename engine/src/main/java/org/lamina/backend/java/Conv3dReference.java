package org.lamina.backend.java;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.lamina.geometry.Conv3dGeometry;

/**
 * 3-D convolution written the way the definition reads, in double precision: the Java backend's
 * {@code conv3d} and the ground truth of its gradient check. As in {@link ConvReference}, each loop
 * nest parallelises over an index that owns its outputs.
 */
public final class Conv3dReference {
    private Conv3dReference() {
    }

    /**
     * {@code y[n,k,z,u,v] = bias[k] + sum_{c,a,b,e} w[k,c,a,b,e] x[n, g*Cg+c, z*sD-pD+a*dD, u*sH-pH+b*dH,
     * v*sW-pW+e*dW]}, zero outside the input.
     */
    public static void forward(Conv3dGeometry g, double[] x, double[] w, double[] bias, double[] y) {
        int cg = g.cPerGroup(), kg = g.kPerGroup();
        IntStream.range(0, g.n() * g.k()).parallel().forEach(nk -> {
            int n = nk / g.k(), k = nk % g.k(), grp = k / kg;
            int out = nk * g.od() * g.oh() * g.ow();
            for (int z = 0; z < g.od(); z++) {
                for (int u = 0; u < g.oh(); u++) {
                    for (int v = 0; v < g.ow(); v++) {
                        double s = bias == null ? 0 : bias[k];
                        for (int c = 0; c < cg; c++) {
                            int xc = n * g.c() + grp * cg + c, wc = k * cg + c;
                            for (int a = 0; a < g.kd(); a++) {
                                int id = z * g.sd() - g.pd() + a * g.dd();
                                for (int b = 0; b < g.kh(); b++) {
                                    int ih = u * g.sh() - g.ph() + b * g.dh();
                                    for (int e = 0; e < g.kw(); e++) {
                                        int iw = v * g.sw() - g.pw() + e * g.dw();
                                        if (inside(g, id, ih, iw)) {
                                            s += w[tap(g, wc, a, b, e)] * x[voxel(g, xc, id, ih, iw)];
                                        }
                                    }
                                }
                            }
                        }
                        y[out + (z * g.oh() + u) * g.ow() + v] = s;
                    }
                }
            }
        });
    }

    /** {@code dx} (overwritten), the adjoint of {@link #forward}: each product sends {@code dy * w} to the input it read. */
    public static void backwardData(Conv3dGeometry g, double[] dy, double[] w, double[] dx) {
        int cg = g.cPerGroup(), kg = g.kPerGroup(), volume = g.d() * g.h() * g.w();
        IntStream.range(0, g.n() * g.c()).parallel().forEach(nc -> {
            int n = nc / g.c(), c = nc % g.c(), grp = c / cg, cl = c % cg;
            Arrays.fill(dx, nc * volume, (nc + 1) * volume, 0);
            for (int k = grp * kg; k < (grp + 1) * kg; k++) {
                int wc = k * cg + cl;
                for (int z = 0; z < g.od(); z++) {
                    for (int u = 0; u < g.oh(); u++) {
                        for (int v = 0; v < g.ow(); v++) {
                            double d = dy[(((n * g.k() + k) * g.od() + z) * g.oh() + u) * g.ow() + v];
                            for (int a = 0; a < g.kd(); a++) {
                                int id = z * g.sd() - g.pd() + a * g.dd();
                                for (int b = 0; b < g.kh(); b++) {
                                    int ih = u * g.sh() - g.ph() + b * g.dh();
                                    for (int e = 0; e < g.kw(); e++) {
                                        int iw = v * g.sw() - g.pw() + e * g.dw();
                                        if (inside(g, id, ih, iw)) {
                                            dx[voxel(g, nc, id, ih, iw)] += d * w[tap(g, wc, a, b, e)];
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        });
    }

    /** {@code dw[k,c,a,b,e]} (overwritten) = sum over n and the output positions of {@code dy * x} at the tap's input. */
    public static void backwardFilter(Conv3dGeometry g, double[] x, double[] dy, double[] dw) {
        int cg = g.cPerGroup(), kg = g.kPerGroup();
        IntStream.range(0, g.k()).parallel().forEach(k -> {
            int grp = k / kg;
            for (int c = 0; c < cg; c++) {
                for (int a = 0; a < g.kd(); a++) {
                    for (int b = 0; b < g.kh(); b++) {
                        for (int e = 0; e < g.kw(); e++) {
                            double s = 0;
                            for (int n = 0; n < g.n(); n++) {
                                int xc = n * g.c() + grp * cg + c;
                                for (int z = 0; z < g.od(); z++) {
                                    int id = z * g.sd() - g.pd() + a * g.dd();
                                    for (int u = 0; u < g.oh(); u++) {
                                        int ih = u * g.sh() - g.ph() + b * g.dh();
                                        for (int v = 0; v < g.ow(); v++) {
                                            int iw = v * g.sw() - g.pw() + e * g.dw();
                                            if (inside(g, id, ih, iw)) {
                                                s += dy[(((n * g.k() + k) * g.od() + z) * g.oh() + u) * g.ow() + v]
                                                        * x[voxel(g, xc, id, ih, iw)];
                                            }
                                        }
                                    }
                                }
                            }
                            dw[tap(g, k * cg + c, a, b, e)] = s;
                        }
                    }
                }
            }
        });
    }

    private static boolean inside(Conv3dGeometry g, int id, int ih, int iw) {
        return id >= 0 && id < g.d() && ih >= 0 && ih < g.h() && iw >= 0 && iw < g.w();
    }

    /** Index of {@code x[plane, id, ih, iw]}, plane = n*C + c. */
    private static int voxel(Conv3dGeometry g, int plane, int id, int ih, int iw) {
        return ((plane * g.d() + id) * g.h() + ih) * g.w() + iw;
    }

    /** Index of {@code w[row, a, b, e]}, row = k*Cg + c. */
    private static int tap(Conv3dGeometry g, int row, int a, int b, int e) {
        return ((row * g.kd() + a) * g.kh() + b) * g.kw() + e;
    }
}
