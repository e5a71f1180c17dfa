// 3-D convolution, NCDHW activations, weight [K, C/groups, kD, kH, kW]. Two ways, chosen by the host
// (Conv3dKernels; why: docs/kernels.md):
//
// As matrix products with the project's GEMM (the default), im2col.cl's scheme with one more axis:
//   vol2col          unfolds the receptive fields of a run of images into a column matrix per image and
//                    group: row r = ((c*kD + a)*kH + b)*kW + e over the group's input channels and the
//                    taps, column q = (z*OH + u)*OW + v over the output positions; element (n, g, r, q)
//                    is written at cols[n*colN + g*colG + r*colR + q*colQ] (rows of positions for the
//                    forward pass, colQ == 1, or transposed for the weight gradient, colR == 1)
//   col2vol          the adjoint as a gather: every input value sums the column entries that read it
// The partial weight gradients (images split for parallelism) are added by im2col.cl's sum_partials.
//
// Direct kernels (the device-side cross-check of the products, and the simplest correct code):
//   conv3d_forward          one output value per work-item: the bias plus every tap of its group
//   conv3d_backward_data    one input value per work-item, a gather: the taps whose forward read
//                           landed on it (no atomics, no zeroed output needed)
//   conv3d_backward_filter  one weight per work-item and part of the batch; sum_partials adds the parts
//
// Ranges are 3-D so that a work-item divides at most a few times to find its place. Sums run in float,
// in a fixed order.

// The first output position o >= 0 with o*s + off >= 0.
inline int first_out(const int off, const int s) {
    return off >= 0 ? 0 : (-off + s - 1) / s;
}

// One past the last output position o < outSize with o*s + off < size.
inline int end_out(const int off, const int s, const int size, const int outSize) {
    return (size - 1 - off) >= 0 ? min(outSize, (size - 1 - off) / s + 1) : 0;
}

// The window arguments of every kernel: kernel extent, stride, padding and dilation per axis.
#define CONV3D_WINDOW                                                                           \
    const int kD, const int kH, const int kW, const int sD, const int sH, const int sW,        \
    const int pD, const int pH, const int pW, const int dD, const int dH, const int dW

// The gathers (conv3d_backward_data, col2vol): the statement given runs for every tap (a, b, e) whose
// forward read landed on input (id, ih, iw), with the output position (z, u, v) that read it
// (tap_output, common.cl), in the order a, b, e.
#define FOR_EACH_READING_TAP(...)                                                              \
    for (int a = 0; a < kD; a++) {                                                             \
        const int z = tap_output(id + pD - a * dD, sD, OD);                                    \
        if (z < 0) continue;                                                                   \
        for (int b = 0; b < kH; b++) {                                                         \
            const int u = tap_output(ih + pH - b * dH, sH, OH);                                \
            if (u < 0) continue;                                                               \
            for (int e = 0; e < kW; e++) {                                                     \
                const int v = tap_output(iw + pW - e * dW, sW, OW);                            \
                if (v < 0) continue;                                                           \
                __VA_ARGS__                                                                    \
            }                                                                                  \
        }                                                                                      \
    }

// range: (OH*OW, OD, N*K)
__kernel void conv3d_forward(__global const float* restrict x, __global const float* restrict w,
                             __global const float* restrict bias, __global float* restrict y,
                             const int C, const int D, const int H, const int W,
                             const int K, const int OD, const int OH, const int OW,
                             CONV3D_WINDOW,
                             const int groups, const int hasBias)
{
    const int q = get_global_id(0), z = get_global_id(1), nk = get_global_id(2);
    if (q >= OH * OW) return;
    const int u = q / OW, v = q - u * OW, n = nk / K, k = nk - n * K;
    const int Cg = C / groups, Kg = K / groups, g = k / Kg;
    float s = hasBias ? bias[k] : 0.0f;
    for (int c = 0; c < Cg; c++) {
        __global const float* xc = x + ((long)n * C + g * Cg + c) * D * H * W;
        __global const float* wc = w + ((long)k * Cg + c) * kD * kH * kW;
        for (int a = 0; a < kD; a++) {
            const int id = z * sD - pD + a * dD;
            if (id < 0 || id >= D) continue;
            for (int b = 0; b < kH; b++) {
                const int ih = u * sH - pH + b * dH;
                if (ih < 0 || ih >= H) continue;
                __global const float* xrow = xc + ((long)id * H + ih) * W;
                __global const float* wrow = wc + (a * kH + b) * kW;
                for (int e = 0; e < kW; e++) {
                    const int iw = v * sW - pW + e * dW;
                    if (iw >= 0 && iw < W) s += wrow[e] * xrow[iw];
                }
            }
        }
    }
    y[(((long)nk * OD + z) * OH + u) * OW + v] = s;
}

// dx[n, c, id, ih, iw] = sum over k in c's group and taps (a, b, e) with id + pD - a*dD = z*sD (and so on)
// inside the output of dy[n, k, z, u, v] * w[k, c % Cg, a, b, e].
// range: (H*W, D, N*C)
__kernel void conv3d_backward_data(__global const float* restrict dy, __global const float* restrict w,
                                   __global float* restrict dx,
                                   const int C, const int D, const int H, const int W,
                                   const int K, const int OD, const int OH, const int OW,
                                   CONV3D_WINDOW,
                                   const int groups)
{
    const int q = get_global_id(0), id = get_global_id(1), nc = get_global_id(2);
    if (q >= H * W) return;
    const int ih = q / W, iw = q - ih * W, n = nc / C, c = nc - n * C;
    const int Cg = C / groups, Kg = K / groups, g = c / Cg, cl = c - g * Cg;
    float s = 0.0f;
    FOR_EACH_READING_TAP(
        for (int k = g * Kg; k < (g + 1) * Kg; k++) {
            s += dy[((((long)n * K + k) * OD + z) * OH + u) * OW + v]
                    * w[((((long)k * Cg + cl) * kD + a) * kH + b) * kW + e];
        }
    )
    dx[(((long)nc * D + id) * H + ih) * W + iw] = s;
}

// part[p, k, c, a, b, e] = sum over the images n0 <= n < n1 of part p and the output positions of
// dy[n, k, z, u, v] * x[n, g*Cg + c, z*sD - pD + a*dD, u*sH - pH + b*dH, v*sW - pW + e*dW].
// range: (Cg*kD*kH*kW, K, parts); images per part: perPart (the last part may have fewer)
__kernel void conv3d_backward_filter(__global const float* restrict x, __global const float* restrict dy,
                                     __global float* restrict part,
                                     const int N, const int C, const int D, const int H, const int W,
                                     const int K, const int OD, const int OH, const int OW,
                                     CONV3D_WINDOW, const int groups, const int perPart)
{
    const int Cg = C / groups, taps = kD * kH * kW;
    const int r = get_global_id(0), k = get_global_id(1), p = get_global_id(2);
    if (r >= Cg * taps) return;
    const int c = r / taps, t = r - c * taps;
    const int a = t / (kH * kW), b = (t / kW) % kH, e = t % kW;
    const int g = k / (K / groups);
    const int offD = a * dD - pD, offH = b * dH - pH, offW = e * dW - pW;
    const int z0 = first_out(offD, sD), z1 = end_out(offD, sD, D, OD);
    const int u0 = first_out(offH, sH), u1 = end_out(offH, sH, H, OH);
    const int v0 = first_out(offW, sW), v1 = end_out(offW, sW, W, OW);
    const int n0 = p * perPart, n1 = min(N, n0 + perPart);
    float s = 0.0f;
    for (int n = n0; n < n1; n++) {
        const long xc = ((long)n * C + g * Cg + c) * D * H * W;
        const long dyk = ((long)n * K + k) * OD * OH * OW;
        for (int z = z0; z < z1; z++) {
            for (int u = u0; u < u1; u++) {
                // x index of output column v: xrow + v*sW, inside the row for v0 <= v < v1
                const long xrow = xc + ((long)(z * sD + offD) * H + (u * sH + offH)) * W + offW;
                const long dyrow = dyk + ((long)z * OH + u) * OW;
                for (int v = v0; v < v1; v++) s += dy[dyrow + v] * x[xrow + v * sW];
            }
        }
    }
    part[((long)p * K + k) * Cg * taps + r] = s;
}

// range: (rows rounded up to work-groups, OD*OH, nImages*groups), rows = Cg*kD*kH*kW; the row r varies
// fastest so that neighbouring work-items fill neighbouring values of the transposed layout. Each
// work-item writes the OW columns of one output row (z, u).
__kernel void vol2col(__global const float* restrict x, __global float* restrict cols,
                      const int n0, const int C, const int D, const int H, const int W,
                      const int OD, const int OH, const int OW,
                      CONV3D_WINDOW,
                      const int groups, const long colN, const long colG, const long colR, const long colQ)
{
    const int Cg = C / groups, rows = Cg * kD * kH * kW;
    const int r = get_global_id(0), zu = get_global_id(1), zg = get_global_id(2);
    if (r >= rows) return;
    const int g = zg % groups, n = zg / groups;
    const int e = r % kW, b = (r / kW) % kH, a = (r / (kW * kH)) % kD, c = r / (kW * kH * kD);
    const int z = zu / OH, u = zu - z * OH;
    const int id = z * sD - pD + a * dD, ih = u * sH - pH + b * dH;
    __global float* out = cols + n * colN + g * colG + r * colR + (long)zu * OW * colQ;
    if (id < 0 || id >= D || ih < 0 || ih >= H) {
        for (int v = 0; v < OW; v++) out[v * colQ] = 0.0f;
        return;
    }
    // Columns whose tap lands inside the row: 0 <= v*sW + off < W.
    const int off = e * dW - pW;
    const int lo = min(OW, first_out(off, sW));
    const int hi = max(lo, end_out(off, sW, W, OW));
    __global const float* xrow = x + ((((long)(n0 + n) * C + g * Cg + c) * D + id) * H + ih) * W;
    for (int v = 0; v < lo; v++) out[v * colQ] = 0.0f;
    for (int v = lo; v < hi; v++) out[v * colQ] = xrow[v * sW + off];
    for (int v = hi; v < OW; v++) out[v * colQ] = 0.0f;
}

// dx[n0 + n, c, id, ih, iw] = sum over taps (a, b, e) whose output position (z, u, v) exists of
// cols[n*colN + g*colG + r*colR + ((z*OH + u)*OW + v)*colQ], r = ((c % Cg)*kD + a)*kH + b)*kW + e.
// range: (H*W, D, nImages*C)
__kernel void col2vol(__global const float* restrict cols, __global float* restrict dx,
                      const int n0, const int C, const int D, const int H, const int W,
                      const int OD, const int OH, const int OW,
                      CONV3D_WINDOW,
                      const int groups, const long colN, const long colG, const long colR, const long colQ)
{
    const int q = get_global_id(0), id = get_global_id(1), nc = get_global_id(2);
    if (q >= H * W) return;
    const int ih = q / W, iw = q - ih * W, n = nc / C, c = nc - n * C;
    const int Cg = C / groups, g = c / Cg, cl = c - g * Cg;
    __global const float* col = cols + n * colN + g * colG;
    float s = 0.0f;
    FOR_EACH_READING_TAP(
        s += col[(((cl * kD + a) * kH + b) * kW + e) * colR + ((long)(z * OH + u) * OW + v) * colQ];
    )
    dx[((((long)n0 * C + nc) * D + id) * H + ih) * W + iw] = s;
}
