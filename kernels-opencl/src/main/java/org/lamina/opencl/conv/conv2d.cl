// Direct 2-D convolution, any stride, zero padding, dilation and groups.
// Activations NCHW, weights OIHW ([K, C/groups, kH, kW]), float32.
//
// The forward kernel computes y from x; backward_data computes dx from dy (the gather form of the
// adjoint, also the forward pass of a transposed convolution, hence its optional bias); backward_filter
// computes dw; bias_grad sums dy over N, H and W.
//
// Every kernel runs over a 1-D range of work-items (rounded up to whole work-groups of a fixed size,
// so the driver compiles each kernel once) and decodes its position from the linear index, the
// output column block varying fastest.
//
// Tuning parameters, set by the host with -D:
//   OC_TILE   output channels per work-item (forward, backward_filter)
//   OX_TILE   output columns per work-item (forward)
//   IC_TILE   input channels per work-item (backward_data)
//   IX_TILE   input columns per work-item (backward_data)
//   REDUCE_WG work-group size of bias_grad (a power of two)

#ifndef OC_TILE
#define OC_TILE 4
#endif
#ifndef OX_TILE
#define OX_TILE 4
#endif
#ifndef IC_TILE
#define IC_TILE 4
#endif
#ifndef IX_TILE
#define IX_TILE 4
#endif
#ifndef REDUCE_WG
#define REDUCE_WG 64
#endif

// The shape arguments of every kernel but bias_grad, in the launcher's order: N images of C x H x W,
// K output channels of Ho x Wo, kernel kH x kW, stride, padding, dilation, groups.
#define CONV2D_GEOMETRY                                                                        \
    const int N, const int C, const int H, const int W, const int K, const int Ho, const int Wo, \
    const int kH, const int kW, const int sH, const int sW, const int pH, const int pW,       \
    const int dH, const int dW, const int groups

// The place of a work-item of conv2d_forward (conv2d_backward_data): image *n, group *g, the tile of
// chTile of the group's perGroup output (input) channels from *ch0, the row *r and the tile of
// colTile columns from *c0, the column tile varying fastest. False past the range's end.
static inline bool group_tile_position(const int N, const int groups, const int perGroup, const int chTile,
                                       const int rows, const int cols, const int colTile,
                                       int* n, int* g, int* ch0, int* r, int* c0)
{
    const int blocks = BLOCKS(perGroup, chTile);
    int ngb; // (n * groups + g) * blocks + the channel tile
    if (!tile_position(N * groups * blocks, rows, cols, colTile, &ngb, r, c0)) return false;
    *ch0 = ngb % blocks * chTile;
    *g = ngb / blocks % groups;
    *n = ngb / blocks / groups;
    return true;
}

// Tile loops unrolled outright (UNROLL, common.cl) so that the tiles stay in registers (see gemm.cl).

// items: N * groups * ceil((K/groups) / OC_TILE) * Ho * ceil(Wo / OX_TILE)
__kernel void conv2d_forward(__global const float* restrict x, __global const float* restrict w,
                             __global const float* restrict bias, __global float* restrict y,
                             CONV2D_GEOMETRY, const int hasBias)
{
    const int Cg = C / groups, Kg = K / groups;
    int n, g, kLocal0, oy, ox0;
    if (!group_tile_position(N, groups, Kg, OC_TILE, Ho, Wo, OX_TILE, &n, &g, &kLocal0, &oy, &ox0)) return;
    const int k0 = g * Kg + kLocal0;
    const int kCount = min(OC_TILE, Kg - kLocal0);
    const int taps = kH * kW;

    float acc[OC_TILE][OX_TILE];
    UNROLL for (int t = 0; t < OC_TILE; t++)
        UNROLL for (int j = 0; j < OX_TILE; j++) acc[t][j] = 0.0f;

    for (int c = 0; c < Cg; c++) {
        __global const float* xc = x + ((long)(n * C + g * Cg + c)) * H * W;
        __global const float* wc = w + ((long)k0 * Cg + c) * taps;
        for (int ky = 0; ky < kH; ky++) {
            const int iy = oy * sH - pH + ky * dH;
            if (iy < 0 || iy >= H) continue;
            __global const float* xrow = xc + (long)iy * W;
            for (int kx = 0; kx < kW; kx++) {
                float xv[OX_TILE];
                UNROLL for (int j = 0; j < OX_TILE; j++) {
                    const int ix = (ox0 + j) * sW - pW + kx * dW;
                    xv[j] = (ix >= 0 && ix < W) ? xrow[ix] : 0.0f;
                }
                UNROLL for (int t = 0; t < OC_TILE; t++) {
                    const float wv = t < kCount ? wc[(long)t * Cg * taps + ky * kW + kx] : 0.0f;
                    UNROLL for (int j = 0; j < OX_TILE; j++) acc[t][j] += wv * xv[j];
                }
            }
        }
    }
    for (int t = 0; t < kCount; t++) {
        const float b = hasBias ? bias[k0 + t] : 0.0f;
        __global float* yrow = y + (((long)(n * K + k0 + t)) * Ho + oy) * Wo;
        UNROLL for (int j = 0; j < OX_TILE; j++)
            if (ox0 + j < Wo) yrow[ox0 + j] = acc[t][j] + b;
    }
}

// dx[n, c, iy, ix] = bias[c] + sum over k of c's group and taps (ky, kx) with
//   iy + pH - ky*dH = oy*sH and ix + pW - kx*dW = ox*sW inside the output: dy[n, k, oy, ox] * w[k, c % Cg, ky, kx]
// items: N * groups * ceil((C/groups) / IC_TILE) * H * ceil(W / IX_TILE)
__kernel void conv2d_backward_data(__global const float* restrict dy, __global const float* restrict w,
                                   __global const float* restrict bias, __global float* restrict dx,
                                   CONV2D_GEOMETRY, const int hasBias)
{
    const int Cg = C / groups, Kg = K / groups;
    int n, g, cLocal0, iy, ix0;
    if (!group_tile_position(N, groups, Cg, IC_TILE, H, W, IX_TILE, &n, &g, &cLocal0, &iy, &ix0)) return;
    const int cCount = min(IC_TILE, Cg - cLocal0);
    const int taps = kH * kW;

    float acc[IC_TILE][IX_TILE];
    UNROLL for (int t = 0; t < IC_TILE; t++)
        UNROLL for (int j = 0; j < IX_TILE; j++) acc[t][j] = 0.0f;

    for (int kk = 0; kk < Kg; kk++) {
        const int k = g * Kg + kk;
        __global const float* dyk = dy + ((long)(n * K + k)) * Ho * Wo;
        __global const float* wk = w + ((long)k * Cg + cLocal0) * taps;
        for (int ky = 0; ky < kH; ky++) {
            const int oy = tap_output(iy + pH - ky * dH, sH, Ho);
            if (oy < 0) continue;
            __global const float* dyrow = dyk + (long)oy * Wo;
            for (int kx = 0; kx < kW; kx++) {
                float dv[IX_TILE];
                UNROLL for (int j = 0; j < IX_TILE; j++) {
                    const int tx = ix0 + j + pW - kx * dW;
                    const int ox = tx / sW;
                    dv[j] = (tx >= 0 && tx % sW == 0 && ox < Wo) ? dyrow[ox] : 0.0f;
                }
                UNROLL for (int t = 0; t < IC_TILE; t++) {
                    const float wv = t < cCount ? wk[(long)t * taps + ky * kW + kx] : 0.0f;
                    UNROLL for (int j = 0; j < IX_TILE; j++) acc[t][j] += wv * dv[j];
                }
            }
        }
    }
    for (int t = 0; t < cCount; t++) {
        const int c = g * Cg + cLocal0 + t;
        const float b = hasBias ? bias[c] : 0.0f;
        __global float* dxrow = dx + (((long)(n * C + c)) * H + iy) * W;
        UNROLL for (int j = 0; j < IX_TILE; j++)
            if (ix0 + j < W) dxrow[ix0 + j] = acc[t][j] + b;
    }
}

// dw[k, c, ky, kx] = sum over n, oy, ox of dy[n, k, oy, ox] * x[n, g*Cg + c, oy*sH - pH + ky*dH, ox*sW - pW + kx*dW]
// Each row (n, oy) is summed on its own first, which keeps float32 rounding error low on long sums.
// items: groups * ceil((K/groups) / OC_TILE) * (C/groups) * kH * kW
__kernel void conv2d_backward_filter(__global const float* restrict x, __global const float* restrict dy,
                                     __global float* restrict dw,
                                     CONV2D_GEOMETRY)
{
    const int Cg = C / groups, Kg = K / groups;
    const int kBlocks = BLOCKS(Kg, OC_TILE);
    long idx = get_global_id(0);
    if (idx >= (long)groups * kBlocks * Cg * kH * kW) return;
    const int tap = (int)(idx % (kH * kW)); idx /= kH * kW;
    const int cl = (int)(idx % Cg); idx /= Cg;
    const int kb = (int)(idx % kBlocks);
    const int g = (int)(idx / kBlocks);
    const int ky = tap / kW, kx = tap % kW;
    const int k0 = g * Kg + kb * OC_TILE;
    const int kCount = min(OC_TILE, Kg - kb * OC_TILE);

    // Output columns whose tap lands inside the input: 0 <= ox*sW - pW + kx*dW < W.
    const int off = kx * dW - pW;
    int oxLo = off >= 0 ? 0 : (-off + sW - 1) / sW;
    int oxHi = (W - 1 - off) >= 0 ? (W - 1 - off) / sW : -1;
    oxHi = min(oxHi, Wo - 1);

    float total[OC_TILE];
    UNROLL for (int t = 0; t < OC_TILE; t++) total[t] = 0.0f;
    for (int n = 0; n < N; n++) {
        __global const float* xc = x + ((long)(n * C + g * Cg + cl)) * H * W;
        for (int oy = 0; oy < Ho; oy++) {
            const int iy = oy * sH - pH + ky * dH;
            if (iy < 0 || iy >= H) continue;
            __global const float* xrow = xc + (long)iy * W;
            float row[OC_TILE];
            UNROLL for (int t = 0; t < OC_TILE; t++) row[t] = 0.0f;
            for (int ox = oxLo; ox <= oxHi; ox++) {
                const float xv = xrow[ox * sW + off];
                UNROLL for (int t = 0; t < OC_TILE; t++) {
                    if (t < kCount) row[t] += dy[(((long)(n * K + k0 + t)) * Ho + oy) * Wo + ox] * xv;
                }
            }
            UNROLL for (int t = 0; t < OC_TILE; t++) total[t] += row[t];
        }
    }
    for (int t = 0; t < kCount; t++) {
        dw[(((long)(k0 + t)) * Cg + cl) * kH * kW + tap] = total[t];
    }
}

// db[k] = sum over n and the Ho*Wo positions of dy[n, k, .]. One work-group of REDUCE_WG per channel.
// items: K * REDUCE_WG in work-groups of REDUCE_WG
__kernel void conv2d_bias_grad(__global const float* restrict dy, __global float* restrict db,
                               const int N, const int K, const int HW)
{
    __local float partial[REDUCE_WG];
    const int k = get_group_id(0);
    const int lid = get_local_id(0);
    float sum = 0.0f;
    for (int n = 0; n < N; n++) {
        __global const float* p = dy + ((long)(n * K + k)) * HW;
        float s = 0.0f;
        for (int i = lid; i < HW; i += REDUCE_WG) s += p[i];
        sum += s;
    }
    sum = group_sum(partial, sum, REDUCE_WG);
    if (lid == 0) db[k] = sum;
}
