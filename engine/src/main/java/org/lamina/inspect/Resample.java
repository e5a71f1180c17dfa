package org.lamina.inspect;

/**
 * Bilinear resizing of {@code [C, H, W]} arrays (half-pixel centres, as PyTorch's
 * {@code align_corners=False}) and its adjoint, which carries a gradient at the large size back to
 * the small one: how DeepDream works on an octave smaller than the network's fixed input.
 */
final class Resample {
    private final int c, inH, inW, outH, outW;
    private final int[] y0, y1, x0, x1;
    private final float[] ty, tx;

    Resample(int channels, int inH, int inW, int outH, int outW) {
        this.c = channels;
        this.inH = inH;
        this.inW = inW;
        this.outH = outH;
        this.outW = outW;
        y0 = new int[outH];
        y1 = new int[outH];
        ty = new float[outH];
        x0 = new int[outW];
        x1 = new int[outW];
        tx = new float[outW];
        axis(inH, outH, y0, y1, ty);
        axis(inW, outW, x0, x1, tx);
    }

    private static void axis(int in, int out, int[] i0, int[] i1, float[] t) {
        for (int o = 0; o < out; o++) {
            double src = Math.max(0, Math.min(in - 1, (o + 0.5) * in / out - 0.5));
            i0[o] = (int) Math.floor(src);
            i1[o] = Math.min(i0[o] + 1, in - 1);
            t[o] = (float) (src - i0[o]);
        }
    }

    /** {@code in} ({@code [C, inH, inW]}) resized to {@code [C, outH, outW]}. */
    float[] apply(float[] in) {
        float[] out = new float[c * outH * outW];
        for (int ch = 0; ch < c; ch++) {
            int ib = ch * inH * inW, ob = ch * outH * outW;
            for (int y = 0; y < outH; y++) {
                for (int x = 0; x < outW; x++) {
                    float a = in[ib + y0[y] * inW + x0[x]], b = in[ib + y0[y] * inW + x1[x]];
                    float d = in[ib + y1[y] * inW + x0[x]], e = in[ib + y1[y] * inW + x1[x]];
                    float top = a + (b - a) * tx[x], bottom = d + (e - d) * tx[x];
                    out[ob + y * outW + x] = top + (bottom - top) * ty[y];
                }
            }
        }
        return out;
    }

    /** The adjoint: {@code g} ({@code [C, outH, outW]}) spread back onto {@code [C, inH, inW]}. */
    float[] adjoint(float[] g) {
        float[] in = new float[c * inH * inW];
        for (int ch = 0; ch < c; ch++) {
            int ib = ch * inH * inW, ob = ch * outH * outW;
            for (int y = 0; y < outH; y++) {
                for (int x = 0; x < outW; x++) {
                    float v = g[ob + y * outW + x];
                    float wy1 = ty[y], wy0 = 1 - wy1, wx1 = tx[x], wx0 = 1 - wx1;
                    in[ib + y0[y] * inW + x0[x]] += v * wy0 * wx0;
                    in[ib + y0[y] * inW + x1[x]] += v * wy0 * wx1;
                    in[ib + y1[y] * inW + x0[x]] += v * wy1 * wx0;
                    in[ib + y1[y] * inW + x1[x]] += v * wy1 * wx1;
                }
            }
        }
        return in;
    }
}
