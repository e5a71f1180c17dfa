// Depthwise 2-D convolution: groups == C, one input channel per group and M = K / C output channels
// per input channel (the channel multiplier). Output channel k reads input channel k / M.
// Activations NCHW, weights [K, 1, kH, kW], float32; any stride, zero padding and dilation.
//
// Every kernel runs over a 1-D range of work-items in fixed-size work-groups (see conv2d.cl).
//
// Tuning parameters, set by the host with -D:
//   OX_TILE   output columns per work-item (forward)
//   IX_TILE   input columns per work-item (backward_data)
//   ROWS      output rows per work-item of depthwise3x3_forward (each input row loaded once for all
//             the rows of the strip it feeds)

#ifndef ROWS
#define ROWS 4
#endif
#ifndef OX_TILE
#define OX_TILE 8
#endif
#ifndef IX_TILE
#define IX_TILE 8
#endif

// Stride-1 forward tiles inside the row run on vectors of OX_TILE when that is a vector width
// (faster than the scalar loop on pocl: docs/kernels.md, measurements).
#if OX_TILE == 2 || OX_TILE == 4 || OX_TILE == 8 || OX_TILE == 16
#define OX_VECTOR 1
typedef CAT(float, OX_TILE) oxvec;
#define OX_VLOAD(p) CAT(vload, OX_TILE)(0, p)
#define OX_VSTORE(v, p) CAT(vstore, OX_TILE)(v, 0, p)
#else
#define OX_VECTOR 0
#endif

// The shape arguments of the general kernels, in the launcher's order: N images of C x H x W, K output
// channels of Ho x Wo, kernel kH x kW, stride, padding, dilation.
#define DEPTHWISE_GEOMETRY                                                                      \
    const int N, const int C, const int H, const int W, const int K, const int Ho, const int Wo, \
    const int kH, const int kW, const int sH, const int sW, const int pH, const int pW,       \
    const int dH, const int dW

// Tile loops unrolled outright (UNROLL, common.cl) so that the tiles stay in registers (see gemm.cl).

// items: N * K * Ho * ceil(Wo / OX_TILE)
__kernel void depthwise_forward(__global const float* restrict x, __global const float* restrict w,
                                __global const float* restrict bias, __global float* restrict y,
                                DEPTHWISE_GEOMETRY, const int hasBias)
{
    int nk, oy, ox0;
    if (!tile_position(N * K, Ho, Wo, OX_TILE, &nk, &oy, &ox0)) return;
    const int k = nk % K, n = nk / K;
    const int c = k / (K / C);
    __global const float* xc = x + ((long)(n * C + c)) * H * W;
    __global const float* wk = w + (long)k * kH * kW;

    // Whether every tap of the tile's columns lands inside the row: then no tests (and vector code).
    const bool inside = ox0 * sW - pW >= 0 && (ox0 + OX_TILE - 1) * sW - pW + (kW - 1) * dW < W;
    float acc[OX_TILE];
    UNROLL for (int j = 0; j < OX_TILE; j++) acc[j] = 0.0f;
#if OX_VECTOR
    if (inside && sW == 1) {
        oxvec av = (oxvec)(0.0f);
        for (int ky = 0; ky < kH; ky++) {
            const int iy = oy * sH - pH + ky * dH;
            if (iy < 0 || iy >= H) continue;
            __global const float* xp = xc + (long)iy * W + ox0 - pW;
            for (int kx = 0; kx < kW; kx++) av = fma((oxvec)(wk[ky * kW + kx]), OX_VLOAD(xp + kx * dW), av);
        }
        OX_VSTORE(av, acc);
    } else
#endif
    for (int ky = 0; ky < kH; ky++) {
        const int iy = oy * sH - pH + ky * dH;
        if (iy < 0 || iy >= H) continue;
        __global const float* xrow = xc + (long)iy * W;
        if (inside) {
            for (int kx = 0; kx < kW; kx++) {
                const float wv = wk[ky * kW + kx];
                __global const float* xp = xrow + ox0 * sW - pW + kx * dW;
                UNROLL for (int j = 0; j < OX_TILE; j++) acc[j] = fma(wv, xp[j * sW], acc[j]);
            }
        } else {
            for (int kx = 0; kx < kW; kx++) {
                const float wv = wk[ky * kW + kx];
                UNROLL for (int j = 0; j < OX_TILE; j++) {
                    const int ix = (ox0 + j) * sW - pW + kx * dW;
                    acc[j] += (ix >= 0 && ix < W) ? wv * xrow[ix] : 0.0f;
                }
            }
        }
    }
    const float b = hasBias ? bias[k] : 0.0f;
    __global float* yrow = y + (((long)(n * K + k)) * Ho + oy) * Wo;
    UNROLL for (int j = 0; j < OX_TILE; j++)
        if (ox0 + j < Wo) yrow[ox0 + j] = acc[j] + b;
}

// dx[n, c, iy, ix] = bias[c] + sum over the M output channels of c and the taps that reach (iy, ix) of dy * w.
// items: N * C * H * ceil(W / IX_TILE)
__kernel void depthwise_backward_data(__global const float* restrict dy, __global const float* restrict w,
                                      __global const float* restrict bias, __global float* restrict dx,
                                      DEPTHWISE_GEOMETRY, const int hasBias)
{
    int nc, iy, ix0;
    if (!tile_position(N * C, H, W, IX_TILE, &nc, &iy, &ix0)) return;
    const int c = nc % C, n = nc / C;
    const int M = K / C;

    float acc[IX_TILE];
    UNROLL for (int j = 0; j < IX_TILE; j++) acc[j] = 0.0f;
    if (sH == 1 && sW == 1) {
        // Stride 1 (the common case): every tap lands on an output, no divisibility to test; and
        // inside the rows no bounds either.
        const bool inside = ix0 + pW - (kW - 1) * dW >= 0 && ix0 + IX_TILE - 1 + pW < Wo;
        for (int m = 0; m < M; m++) {
            const int k = c * M + m;
            __global const float* dyk = dy + ((long)(n * K + k)) * Ho * Wo;
            __global const float* wk = w + (long)k * kH * kW;
            for (int ky = 0; ky < kH; ky++) {
                const int oy = iy + pH - ky * dH;
                if (oy < 0 || oy >= Ho) continue;
                __global const float* dyrow = dyk + (long)oy * Wo;
                for (int kx = 0; kx < kW; kx++) {
                    const float wv = wk[ky * kW + kx];
                    const int ox0 = ix0 + pW - kx * dW;
                    if (inside) {
                        UNROLL for (int j = 0; j < IX_TILE; j++) acc[j] = fma(wv, dyrow[ox0 + j], acc[j]);
                    } else {
                        UNROLL for (int j = 0; j < IX_TILE; j++) {
                            const int ox = ox0 + j;
                            acc[j] += (ox >= 0 && ox < Wo) ? wv * dyrow[ox] : 0.0f;
                        }
                    }
                }
            }
        }
    } else {
        for (int m = 0; m < M; m++) {
            const int k = c * M + m;
            __global const float* dyk = dy + ((long)(n * K + k)) * Ho * Wo;
            __global const float* wk = w + (long)k * kH * kW;
            for (int ky = 0; ky < kH; ky++) {
                const int ty = iy + pH - ky * dH;
                if (ty < 0 || ty % sH != 0) continue;
                const int oy = ty / sH;
                if (oy >= Ho) continue;
                __global const float* dyrow = dyk + (long)oy * Wo;
                for (int kx = 0; kx < kW; kx++) {
                    const float wv = wk[ky * kW + kx];
                    UNROLL for (int j = 0; j < IX_TILE; j++) {
                        const int tx = ix0 + j + pW - kx * dW;
                        const int ox = tx / sW;
                        acc[j] += (tx >= 0 && tx % sW == 0 && ox < Wo) ? wv * dyrow[ox] : 0.0f;
                    }
                }
            }
        }
    }
    const float b = hasBias ? bias[c] : 0.0f;
    __global float* dxrow = dx + (((long)(n * C + c)) * H + iy) * W;
    UNROLL for (int j = 0; j < IX_TILE; j++)
        if (ix0 + j < W) dxrow[ix0 + j] = acc[j] + b;
}

// dw[k, 0, ky, kx] = sum over n, oy, ox of dy[n, k, oy, ox] * x[n, k / M, oy*sH - pH + ky*dH, ox*sW - pW + kx*dW]
// Rows are summed on their own first to keep float32 rounding low on long sums.
// items: K * kH * kW
__kernel void depthwise_backward_filter(__global const float* restrict x, __global const float* restrict dy,
                                        __global float* restrict dw,
                                        DEPTHWISE_GEOMETRY)
{
    const long idx = get_global_id(0);
    if (idx >= (long)K * kH * kW) return;
    const int tap = (int)(idx % (kH * kW));
    const int k = (int)(idx / (kH * kW));
    const int ky = tap / kW, kx = tap % kW;
    const int c = k / (K / C);
    const int off = kx * dW - pW;
    const int oxLo = off >= 0 ? 0 : (-off + sW - 1) / sW;
    const int oxHi = min((W - 1 - off) >= 0 ? (W - 1 - off) / sW : -1, Wo - 1);

    float total = 0.0f;
    for (int n = 0; n < N; n++) {
        __global const float* xc = x + ((long)(n * C + c)) * H * W;
        __global const float* dyk = dy + ((long)(n * K + k)) * Ho * Wo;
        for (int oy = 0; oy < Ho; oy++) {
            const int iy = oy * sH - pH + ky * dH;
            if (iy < 0 || iy >= H) continue;
            __global const float* xrow = xc + (long)iy * W;
            __global const float* dyrow = dyk + (long)oy * Wo;
            float row = 0.0f;
            int ox = oxLo;
            if (sW == 1) {
                // Eight independent partial sums: one serial chain would wait on each add's latency.
                float8 lanes = (float8)(0.0f);
                for (; ox + 8 <= oxHi + 1; ox += 8)
                    lanes = fma(vload8(0, dyrow + ox), vload8(0, xrow + ox + off), lanes);
                const float4 h = lanes.lo + lanes.hi;
                row = (h.x + h.y) + (h.z + h.w);
            }
            for (; ox <= oxHi; ox++) row += dyrow[ox] * xrow[ox * sW + off];
            total += row;
        }
    }
    dw[(long)k * kH * kW + tap] = total;
}

// 3x3, stride 1, dilation 1, any padding and channel multiplier: a strip of ROWS output rows by 8
// columns per work-item, as float8 vectors along the row. Each input row of the strip is loaded once
// (10 values: a float8 and a float2), its three taps are that vector and its shifts by one and two
// (shuffles), and it feeds every output row of the strip it falls in, so a value is read once per
// strip rather than once per tap. Windows that reach past the row's ends go through a zero-padded copy.
// With flip the filters are rotated by 180 degrees: with a channel multiplier of 1 that is the input
// gradient (dy in, dx out, padding 2 - p, the bias per channel of dx).
// range: (column blocks of 8 rounded up to work-groups, ceil(Ho / ROWS), N * K)
__kernel void depthwise3x3_forward(__global const float* restrict x, __global const float* restrict w,
                                   __global const float* restrict bias, __global float* restrict y,
                                   const int C, const int H, const int W, const int K, const int Ho, const int Wo,
                                   const int pH, const int pW, const int hasBias, const int flip)
{
    const int ox0 = get_global_id(0) * 8, oy0 = get_global_id(1) * ROWS, z = get_global_id(2);
    if (ox0 >= Wo) return;
    const int k = z % K, n = z / K;
    const int c = k / (K / C);
    __global const float* xc = x + ((long)n * C + c) * H * W;
    float wt[9];
    filter3x3(w, k, flip, wt);
    const float b = hasBias ? bias[k] : 0.0f;
    float8 acc[ROWS];
    UNROLL for (int r = 0; r < ROWS; r++) acc[r] = (float8)(b);
    const int col0 = ox0 - pW;
    const bool inside = col0 >= 0 && col0 + 10 <= W;
    UNROLL for (int i = 0; i < ROWS + 2; i++) {
        const int iy = oy0 - pH + i;
        if (iy < 0 || iy >= H) continue;
        __global const float* xr = xc + (long)iy * W + col0;
        float8 lo;
        float2 hi;
        if (inside) {
            lo = vload8(0, xr);
            hi = vload2(0, xr + 8);
        } else {
            float p[10];
            UNROLL for (int j = 0; j < 10; j++) p[j] = col0 + j >= 0 && col0 + j < W ? xr[j] : 0.0f;
            lo = vload8(0, p);
            hi = vload2(0, p + 8);
        }
        const float8 s1 = (float8)(lo.s1234, lo.s567, hi.s0);
        const float8 s2 = (float8)(lo.s2345, lo.s67, hi.s01);
        // Output row r takes this input row as its tap row ky = i - r.
        UNROLL for (int r = 0; r < ROWS; r++) {
            const int ky = i - r;
            if (ky >= 0 && ky < 3) {
                acc[r] = fma((float8)(wt[3 * ky]), lo, acc[r]);
                acc[r] = fma((float8)(wt[3 * ky + 1]), s1, acc[r]);
                acc[r] = fma((float8)(wt[3 * ky + 2]), s2, acc[r]);
            }
        }
    }
    __global float* yk = y + ((long)n * K + k) * Ho * Wo + ox0;
    const int cols = min(8, Wo - ox0);
    UNROLL for (int r = 0; r < ROWS; r++) {
        const int oy = oy0 + r;
        if (oy >= Ho) break;
        if (cols == 8) {
            vstore8(acc[r], 0, yk + (long)oy * Wo);
        } else {
            float q[8];
            vstore8(acc[r], 0, q);
            for (int j = 0; j < cols; j++) yk[(long)oy * Wo + j] = q[j];
        }
    }
}
