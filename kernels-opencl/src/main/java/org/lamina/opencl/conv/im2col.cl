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
// im2col and col2im run over 3-D ranges, so that no work-item divides to find its place (64-bit
// division costs dozens of cycles on a CPU, more than the copy itself); work-groups are
// LANES x 1 x 1, a size fixed by the host so that drivers compile each kernel once. sum_partials
// runs over a 1-D range.
//
// Tuning parameters, set by the host with -D: OY_PER_ITEM, the output rows an im2col work-item
// unfolds; the work-group width is the host's.

// range: (rows rounded up to work-groups, ceil(Ho / OY_PER_ITEM), nImages * groups), rows = Cg*kH*kW;
// the row r varies fastest so that neighbouring work-items fill neighbouring values of the transposed
// layout. Each work-item writes the Wo columns of OY_PER_ITEM output rows.
__kernel void im2col(__global const float* restrict x, __global float* restrict cols,
                     const int n0, const int nImages, const int C, const int H, const int W,
                     const int Ho, const int Wo, const int kH, const int kW, const int sH, const int sW,
                     const int pH, const int pW, const int dH, const int dW, const int groups,
                     const long colN, const long colG, const long colR, const long colQ)
{
    const int Cg = C / groups, rows = Cg * kH * kW;
    const int r = get_global_id(0), oy0 = get_global_id(1) * OY_PER_ITEM, z = get_global_id(2);
    if (r >= rows) return;
    // The divisions below cost more than a row's copy: they are paid once per OY_PER_ITEM rows.
    const int g = z % groups, n = z / groups;
    const int kx = r % kW, ky = (r / kW) % kH, c = r / (kW * kH);
    // Columns whose tap lands inside a row: 0 <= ox*sW - pW + kx*dW < W.
    const int off = kx * dW - pW;
    const int lo = min(Wo, off >= 0 ? 0 : (-off + sW - 1) / sW);
    const int hi = max(lo, min(Wo, (W - 1 - off) >= 0 ? (W - 1 - off) / sW + 1 : 0));
    __global const float* xplane = x + ((long)(n0 + n) * C + g * Cg + c) * H * W;
    __global float* base = cols + n * colN + g * colG + r * colR;
    const int oyEnd = min(Ho, oy0 + OY_PER_ITEM);
    for (int oy = oy0; oy < oyEnd; oy++) {
        const int iy = oy * sH - pH + ky * dH;
        __global float* out = base + (long)(oy * Wo) * colQ;
        if (iy < 0 || iy >= H) {
            for (int ox = 0; ox < Wo; ox++) out[ox * colQ] = 0.0f;
            continue;
        }
        __global const float* xrow = xplane + (long)iy * W;
        for (int ox = 0; ox < lo; ox++) out[ox * colQ] = 0.0f;
        for (int ox = lo; ox < hi; ox++) out[ox * colQ] = xrow[ox * sW + off];
        for (int ox = hi; ox < Wo; ox++) out[ox * colQ] = 0.0f;
    }
}

// dx[n0 + n, c, iy, ix] = bias[c] + sum over taps (ky, kx) with iy + pH - ky*dH = oy*sH and
// ix + pW - kx*dW = ox*sW inside the output of cols[n*colN + g*colG + r*colR + (oy*Wo + ox)*colQ].
// range: (C rounded up to work-groups, H, nImages), or (H rounded up, C, nImages) when rowsFirst:
// the host puts along the lanes whichever of C and H fills more of them (6 channels would leave 10 of
// 16 lanes idle). Each work-item computes a row of W values.
__kernel void col2im(__global const float* restrict cols, __global const float* restrict bias,
                     __global float* restrict dx,
                     const int n0, const int nImages, const int C, const int H, const int W,
                     const int Ho, const int Wo, const int kH, const int kW, const int sH, const int sW,
                     const int pH, const int pW, const int dH, const int dW, const int groups,
                     const long colN, const long colG, const long colR, const long colQ, const int hasBias,
                     const int rowsFirst)
{
    const int c = get_global_id(rowsFirst ? 1 : 0), iy = get_global_id(rowsFirst ? 0 : 1), n = get_global_id(2);
    if (c >= C || iy >= H) return;
    const int Cg = C / groups, g = c / Cg, cl = c % Cg;
    __global const float* col = cols + n * colN + g * colG;
    __global float* dxrow = dx + (((long)(n0 + n) * C + c) * H + iy) * W;
    const float b = hasBias ? bias[c] : 0.0f;
    for (int ix = 0; ix < W; ix++) dxrow[ix] = b;
    for (int ky = 0; ky < kH; ky++) {
        const int ty = iy + pH - ky * dH;
        if (ty < 0 || ty % sH != 0) continue;
        const int oy = ty / sH;
        if (oy >= Ho) continue;
        for (int kx = 0; kx < kW; kx++) {
            __global const float* src = col + ((cl * kH + ky) * kW + kx) * colR + (long)(oy * Wo) * colQ;
            // The input columns this tap reaches: ix = ox*sW - pW + kx*dW for 0 <= ox < Wo.
            const int off = kx * dW - pW;
            for (int ox = max(0, (-off + sW - 1) / sW); ox < Wo; ox++) {
                const int ix = ox * sW + off;
                if (ix >= W) break;
                dxrow[ix] += src[ox * colQ];
            }
        }
    }
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
