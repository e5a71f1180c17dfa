// The data movement of convolution as matrix products (im2col + GEMM), NCHW activations:
//
//   im2col       unfolds the receptive fields of a run of images into a column matrix, one per image
//                and group: row r = (c*kH + ky)*kW + kx over the group's input channels c and the taps,
//                column q = oy*Wo + ox over the output positions. Where the matrix lands is up to the
//                host: element (n, g, r, q) is written at cols[n*colN + g*colG + r*colR + q*colQ], so
//                the same kernel writes it as rows of positions (forward, colQ == 1) or transposed
//                (weight gradient, colR == 1), whichever the product wants contiguous.
//   col2im       the adjoint as a gather: every input pixel sums the column entries that read it, so
//                no two work-items write one value and no atomics are needed. With a bias it is also
//                the last step of a transposed convolution.
//   sum_partials adds S partial weight gradients (split over images for parallelism) into dw.
//
// Every kernel runs over a 1-D range of work-items in fixed-size work-groups (see conv2d.cl).
//
// Tuning parameters, set by the host with -D:
//   COL_RUN   output columns written per im2col work-item

#ifndef COL_RUN
#define COL_RUN 8
#endif

// items: nImages * groups * Ho * ceil(Wo / COL_RUN) * (Cg*kH*kW), the row r varying fastest so that
// neighbouring work-items fill neighbouring values of the transposed layout.
__kernel void im2col(__global const float* restrict x, __global float* restrict cols,
                     const int n0, const int nImages, const int C, const int H, const int W,
                     const int Ho, const int Wo, const int kH, const int kW, const int sH, const int sW,
                     const int pH, const int pW, const int dH, const int dW, const int groups,
                     const long colN, const long colG, const long colR, const long colQ)
{
    const int Cg = C / groups, rows = Cg * kH * kW;
    const int xBlocks = (Wo + COL_RUN - 1) / COL_RUN;
    long idx = get_global_id(0);
    if (idx >= (long)nImages * groups * Ho * xBlocks * rows) return;
    const int r = (int)(idx % rows); idx /= rows;
    const int ox0 = (int)(idx % xBlocks) * COL_RUN; idx /= xBlocks;
    const int oy = (int)(idx % Ho); idx /= Ho;
    const int g = (int)(idx % groups);
    const int n = (int)(idx / groups);
    const int kx = r % kW, ky = (r / kW) % kH, c = r / (kW * kH);
    const int iy = oy * sH - pH + ky * dH;
    __global float* out = cols + n * colN + g * colG + r * colR + (long)(oy * Wo) * colQ;
    const int count = min(COL_RUN, Wo - ox0);
    if (iy < 0 || iy >= H) {
        for (int j = 0; j < count; j++) out[(ox0 + j) * colQ] = 0.0f;
        return;
    }
    __global const float* xrow = x + (((long)(n0 + n) * C + g * Cg + c) * H + iy) * W;
    for (int j = 0; j < count; j++) {
        const int ix = (ox0 + j) * sW - pW + kx * dW;
        out[(ox0 + j) * colQ] = ix >= 0 && ix < W ? xrow[ix] : 0.0f;
    }
}

// dx[n0 + n, c, iy, ix] = bias[c] + sum over taps (ky, kx) with iy + pH - ky*dH = oy*sH and
// ix + pW - kx*dW = ox*sW inside the output of cols[n*colN + g*colG + r*colR + (oy*Wo + ox)*colQ].
// items: nImages * C * H * W
__kernel void col2im(__global const float* restrict cols, __global const float* restrict bias,
                     __global float* restrict dx,
                     const int n0, const int nImages, const int C, const int H, const int W,
                     const int Ho, const int Wo, const int kH, const int kW, const int sH, const int sW,
                     const int pH, const int pW, const int dH, const int dW, const int groups,
                     const long colN, const long colG, const long colR, const long colQ, const int hasBias)
{
    long idx = get_global_id(0);
    if (idx >= (long)nImages * C * H * W) return;
    const int ix = (int)(idx % W); idx /= W;
    const int iy = (int)(idx % H); idx /= H;
    const int c = (int)(idx % C);
    const int n = (int)(idx / C);
    const int Cg = C / groups, g = c / Cg, cl = c % Cg;
    __global const float* col = cols + n * colN + g * colG;
    float sum = 0.0f;
    for (int ky = 0; ky < kH; ky++) {
        const int ty = iy + pH - ky * dH;
        if (ty < 0 || ty % sH != 0) continue;
        const int oy = ty / sH;
        if (oy >= Ho) continue;
        for (int kx = 0; kx < kW; kx++) {
            const int tx = ix + pW - kx * dW;
            if (tx < 0 || tx % sW != 0) continue;
            const int ox = tx / sW;
            if (ox >= Wo) continue;
            const int r = (cl * kH + ky) * kW + kx;
            sum += col[r * colR + (long)(oy * Wo + ox) * colQ];
        }
    }
    dx[(((long)(n0 + n) * C + c) * H + iy) * W + ix] = sum + (hasBias ? bias[c] : 0.0f);
}

// dw[i] = (accumulate ? dw[i] : 0) + sum over s < S of partial[s*size + i]
// items: size
__kernel void sum_partials(__global const float* restrict partial, __global float* restrict dw,
                           const long size, const int S, const int accumulate)
{
    const long i = get_global_id(0);
    if (i >= size) return;
    float sum = accumulate ? dw[i] : 0.0f;
    for (int s = 0; s < S; s++) sum += partial[s * size + i];
    dw[i] = sum;
}
