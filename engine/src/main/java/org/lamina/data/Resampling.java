package org.lamina.data;

/**
 * Image resizing with a triangle (bilinear) filter widened by the shrink factor, so that shrinking
 * averages every source pixel instead of skipping some: what PIL's {@code BILINEAR} and torchvision's
 * {@code antialias=True} compute.
 */
final class Resampling {
    private Resampling() {
    }

    /**
     * The {@code sh x sw} window at ({@code y0}, {@code x0}) of {@code src} ({@code c x h x w}) resized to
     * {@code dh x dw}; the whole image when the window is.
     */
    static float[] resize(float[] src, int c, int h, int w, int y0, int x0, int sh, int sw, int dh, int dw) {
        if (y0 == 0 && x0 == 0 && sh == h && sw == w && dh == h && dw == w) {
            return src;
        }
        Filter fx = new Filter(x0, sw, dw), fy = new Filter(y0, sh, dh);
        float[] rows = new float[c * h * dw];
        for (int k = 0; k < c; k++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < dw; x++) {
                    rows[(k * h + y) * dw + x] = fx.apply(src, (k * h + y) * w, 1, x);
                }
            }
        }
        float[] out = new float[c * dh * dw];
        for (int k = 0; k < c; k++) {
            for (int y = 0; y < dh; y++) {
                for (int x = 0; x < dw; x++) {
                    out[(k * dh + y) * dw + x] = fy.apply(rows, k * h * dw + x, dw, y);
                }
            }
        }
        return out;
    }

    /** The weights of each output position along one axis. */
    private static final class Filter {
        final int[] first;
        final double[][] weights;

        Filter(int start, int in, int out) {
            double scale = (double) in / out, support = Math.max(scale, 1);
            first = new int[out];
            weights = new double[out][];
            for (int i = 0; i < out; i++) {
                double centre = (i + 0.5) * scale;
                int lo = (int) Math.max(0, Math.floor(centre - support)), hi = (int) Math.min(in, Math.ceil(centre + support));
                double[] wt = new double[hi - lo];
                double sum = 0;
                for (int j = lo; j < hi; j++) {
                    wt[j - lo] = Math.max(0, 1 - Math.abs((j + 0.5 - centre) / support));
                    sum += wt[j - lo];
                }
                for (int j = 0; j < wt.length; j++) {
                    wt[j] /= sum;
                }
                first[i] = start + lo;
                weights[i] = wt;
            }
        }

        float apply(float[] v, int base, int stride, int i) {
            double s = 0;
            double[] wt = weights[i];
            for (int j = 0; j < wt.length; j++) {
                s += wt[j] * v[base + (first[i] + j) * stride];
            }
            return (float) s;
        }
    }
}
