// 2-D pooling over NCHW float32 planes: max pooling with argmax indices, average pooling
// (count_include_pad either way), adaptive and global average pooling; forward and backward.
//
// Window oy of max/avg pooling covers rows oy*sH - pH .. oy*sH - pH + kH - 1, clipped to the input
// (padding acts as -inf for max; for avg it counts in the divisor only with count_include_pad, and
// never beyond H + pH). Adaptive cell i covers rows floor(i*H/Ho) .. ceil((i+1)*H/Ho) - 1.
//
// Backward kernels are gathers: each work-item owns a few input values and sums the gradients of
// the windows that reach them, so no two work-items write the same value and no atomics are needed.
// Max pooling's backward reads the forward's indices (flat h*W+w in the unpadded plane, as float32)
// and takes a window's gradient only where that window's argmax is the value it owns.
//
// Every kernel but global_avg_pool2d_forward runs over a 1-D range of work-items, rounded up to whole
// work-groups of a fixed size, and decodes its position from the linear index, the column block
// varying fastest. P = N * C planes.
//
// Tuning parameters, set by the host with -D:
//   OX_TILE    output columns per work-item (forward kernels)
//   IX_TILE    input columns per work-item (backward kernels)
//   REDUCE_WG  work-group size of global_avg_pool2d_forward (a power of two)

#ifndef OX_TILE
#define OX_TILE 4
#endif
#ifndef IX_TILE
#define IX_TILE 4
#endif
#ifndef REDUCE_WG
#define REDUCE_WG 64
#endif

// The first output window (stride s, offset p, extent k) that reaches input index i: ceil((i+p-k+1)/s), at least 0.
int first_window(const int i, const int s, const int p, const int k)
{
    const int t = i + p - k + 1;
    return t <= 0 ? 0 : (t + s - 1) / s;
}

// The last output window that reaches input index i, at most count - 1.
int last_window(const int i, const int s, const int p, const int count)
{
    return min((i + p) / s, count - 1);
}

// items: P * Ho * ceil(Wo / OX_TILE)
// y = max over the clipped window; idx = flat index of the first maximum in row-major window order
// (a NaN wins, as in PyTorch), or of the window's first value when every value is -inf.
__kernel void max_pool2d_forward(__global const float* restrict x, __global float* restrict y,
                                 __global float* restrict idx,
                                 const int P, const int H, const int W, const int Ho, const int Wo,
                                 const int kH, const int kW, const int sH, const int sW,
                                 const int pH, const int pW)
{
    const int xBlocks = (Wo + OX_TILE - 1) / OX_TILE;
    long gid = get_global_id(0);
    if (gid >= (long)P * Ho * xBlocks) return;
    const int ox0 = (int)(gid % xBlocks) * OX_TILE; gid /= xBlocks;
    const int oy = (int)(gid % Ho);
    const int p = (int)(gid / Ho);
    const int h0 = oy * sH - pH;
    const int hs = max(h0, 0), he = min(h0 + kH, H);
    __global const float* xp = x + (long)p * H * W;

    float best[OX_TILE];
    int arg[OX_TILE];
    for (int j = 0; j < OX_TILE; j++) {
        best[j] = -INFINITY;
        arg[j] = hs * W + max((ox0 + j) * sW - pW, 0);
    }
    for (int iy = hs; iy < he; iy++) {
        __global const float* row = xp + (long)iy * W;
        for (int j = 0; j < OX_TILE; j++) {
            const int w0 = (ox0 + j) * sW - pW;
            const int ws = max(w0, 0);
            const int we = ox0 + j < Wo ? min(w0 + kW, W) : ws; // columns past Wo: nothing to do
            for (int ix = ws; ix < we; ix++) {
                const float v = row[ix];
                // Branch-free: on real data the comparison is unpredictable, and a select costs less
                // than a mispredicted jump (about twice as fast on pocl). v != v is the NaN test:
                // isnan() cost as much again as the rest of the loop on pocl.
                const int take = (v > best[j]) | (v != v);
                best[j] = take ? v : best[j];
                arg[j] = take ? iy * W + ix : arg[j];
            }
        }
    }
    const long out = ((long)p * Ho + oy) * Wo;
    for (int j = 0; j < OX_TILE; j++) {
        if (ox0 + j < Wo) {
            y[out + ox0 + j] = best[j];
            idx[out + ox0 + j] = (float)arg[j];
        }
    }
}

// items: P * H * ceil(W / IX_TILE)
// dx[iy, ix] = sum of dy over the windows whose argmax is (iy, ix); such windows reach (iy, ix), so
// only the windows overlapping this work-item's columns of row iy are read.
__kernel void max_pool2d_backward(__global const float* restrict dy, __global const float* restrict idx,
                                  __global float* restrict dx,
                                  const int P, const int H, const int W, const int Ho, const int Wo,
                                  const int kH, const int kW, const int sH, const int sW,
                                  const int pH, const int pW)
{
    int p, iy, ix0;
    if (!tile_position(P, H, W, IX_TILE, &p, &iy, &ix0)) return;
    const int oyLo = first_window(iy, sH, pH, kH), oyHi = last_window(iy, sH, pH, Ho);
    const int oxLo = first_window(ix0, sW, pW, kW), oxHi = last_window(ix0 + IX_TILE - 1, sW, pW, Wo);
    const int base = iy * W + ix0;
    const long plane = (long)p * Ho * Wo;

    float acc[IX_TILE];
    for (int j = 0; j < IX_TILE; j++) acc[j] = 0.0f;
    for (int oy = oyLo; oy <= oyHi; oy++) {
        const long row = plane + (long)oy * Wo;
        for (int ox = oxLo; ox <= oxHi; ox++) {
            // The column within this work-item's tile, if any; selects, not branches, as in the forward.
            const int at = (int)idx[row + ox] - base;
            const float g = dy[row + ox];
            for (int j = 0; j < IX_TILE; j++) acc[j] += j == at ? g : 0.0f;
        }
    }
    __global float* dxrow = dx + ((long)p * H + iy) * W;
    for (int j = 0; j < IX_TILE; j++)
        if (ix0 + j < W) dxrow[ix0 + j] = acc[j];
}

// 2x2 windows, stride 2, no padding, Ho = H/2 and Wo = W/2 rounded down (LeNet's and VGG's pooling):
// the windows tile the input, so the general kernels' clipping and window search are not needed.
// The same results, bit for bit, as max_pool2d_forward / max_pool2d_backward.
// items: P * Ho, one output row each (whole rows, so that no work-item divides per value: a 64-bit
// division costs more than the pooling itself).
__kernel void max_pool2d_2x2_forward(__global const float* restrict x, __global float* restrict y,
                                     __global float* restrict idx, const int P, const int H, const int W,
                                     const int Ho, const int Wo)
{
    const int r = get_global_id(0);
    if (r >= P * Ho) return;
    const int p = r / Ho, oy = r - p * Ho;
    __global const float* top = x + (long)p * H * W + 2 * oy * W;
    __global const float* bottom = top + W;
    __global float* yr = y + (long)r * Wo;
    __global float* ir = idx + (long)r * Wo;
    const int row0 = 2 * oy * W;
    for (int ox = 0; ox < Wo; ox++) {
        const int c = 2 * ox;
        // the window in row-major order; the first maximum wins, a NaN (x != x) wins, as in
        // max_pool2d_forward
        float best = top[c];
        int arg = row0 + c;
        int take = (top[c + 1] > best) | (top[c + 1] != top[c + 1]);
        best = take ? top[c + 1] : best;
        arg = take ? row0 + c + 1 : arg;
        take = (bottom[c] > best) | (bottom[c] != bottom[c]);
        best = take ? bottom[c] : best;
        arg = take ? row0 + W + c : arg;
        take = (bottom[c + 1] > best) | (bottom[c + 1] != bottom[c + 1]);
        best = take ? bottom[c + 1] : best;
        arg = take ? row0 + W + c + 1 : arg;
        yr[ox] = best;
        ir[ox] = (float)arg;
    }
}

// items: P * H, one input row each: every value takes the gradient of the one window holding it
// where that window's argmax is the value, else 0 (an odd last row or column: 0).
__kernel void max_pool2d_2x2_backward(__global const float* restrict dy, __global const float* restrict idx,
                                      __global float* restrict dx, const int P, const int H, const int W,
                                      const int Ho, const int Wo)
{
    const int r = get_global_id(0);
    if (r >= P * H) return;
    const int p = r / H, iy = r - p * H, oy = iy / 2;
    __global float* dxr = dx + (long)r * W;
    if (oy >= Ho) {
        for (int ix = 0; ix < W; ix++) dxr[ix] = 0.0f;
        return;
    }
    const long o = ((long)p * Ho + oy) * Wo;
    const int base = iy * W;
    for (int ox = 0; ox < Wo; ox++) {
        const int at = (int)idx[o + ox] - base - 2 * ox; // 0 or 1 when the argmax is in this row
        const float g = dy[o + ox];
        dxr[2 * ox] = at == 0 ? g : 0.0f;
        dxr[2 * ox + 1] = at == 1 ? g : 0.0f;
    }
    for (int ix = 2 * Wo; ix < W; ix++) dxr[ix] = 0.0f;
}

// Window o (stride s, offset p, extent k) of an axis of `size`, clipped to it: its first index and
// one past its last.
static inline int window_start(const int o, const int s, const int p)
{
    return max(o * s - p, 0);
}

static inline int window_end(const int o, const int s, const int p, const int k, const int size)
{
    return min(o * s - p + k, size);
}

// A backward work-item's sums acc[0 .. IX_TILE) into the columns ix0 .. of a row of W values.
static inline void store_input_tile(__global float* row, const float acc[IX_TILE], const int ix0, const int W)
{
    for (int j = 0; j < IX_TILE; j++)
        if (ix0 + j < W) row[ix0 + j] = acc[j];
}

// Adaptive cell i of `out` along an axis of `in`: inputs floor(i*in/out) .. ceil((i+1)*in/out) - 1.
int adaptive_start(const int i, const int in, const int out)
{
    return (int)(((long)i * in) / out);
}

int adaptive_end(const int i, const int in, const int out)
{
    return (int)(((long)(i + 1) * in + out - 1) / out);
}

// acc[j] = the sum of a plane's values in rows hs .. he - 1 and the columns of output column ox0 + j
// (0 past Wo), each row summed first: pooling windows (stride sW, offset pW, extent kW) clipped to
// the row, or with `adaptive` the adaptive cells.
static inline void window_sums(__global const float* xp, const int W, const int Wo, const int hs,
                               const int he, const int ox0, const int sW, const int pW, const int kW,
                               const int adaptive, float acc[OX_TILE])
{
    for (int j = 0; j < OX_TILE; j++) acc[j] = 0.0f;
    for (int iy = hs; iy < he; iy++) {
        __global const float* row = xp + (long)iy * W;
        for (int j = 0; j < OX_TILE; j++) {
            const int ox = ox0 + j;
            const int ws = adaptive ? adaptive_start(ox, W, Wo) : window_start(ox, sW, pW);
            const int we = ox >= Wo ? ws : adaptive ? adaptive_end(ox, W, Wo) : window_end(ox, sW, pW, kW, W);
            float s = 0.0f;
            for (int ix = ws; ix < we; ix++) s += row[ix];
            acc[j] += s;
        }
    }
}

// The extent of window o (start o*s - p, k long) that average pooling divides by.
int avg_extent(const int o, const int s, const int p, const int k, const int size, const int includePad)
{
    const int start = o * s - p;
    const int end = min(start + k, size + p);
    return includePad ? end - start : min(end, size) - max(start, 0);
}

// items: P * Ho * ceil(Wo / OX_TILE)
__kernel void avg_pool2d_forward(__global const float* restrict x, __global float* restrict y,
                                 const int P, const int H, const int W, const int Ho, const int Wo,
                                 const int kH, const int kW, const int sH, const int sW,
                                 const int pH, const int pW, const int includePad)
{
    int p, oy, ox0;
    if (!tile_position(P, Ho, Wo, OX_TILE, &p, &oy, &ox0)) return;
    float acc[OX_TILE];
    window_sums(x + (long)p * H * W, W, Wo, window_start(oy, sH, pH), window_end(oy, sH, pH, kH, H), ox0,
                sW, pW, kW, 0, acc);
    const int rows = avg_extent(oy, sH, pH, kH, H, includePad);
    __global float* yrow = y + ((long)p * Ho + oy) * Wo;
    for (int j = 0; j < OX_TILE; j++) {
        if (ox0 + j < Wo) {
            const int cols = avg_extent(ox0 + j, sW, pW, kW, W, includePad);
            yrow[ox0 + j] = acc[j] / (float)(rows * cols);
        }
    }
}

// items: P * H * ceil(W / IX_TILE)
// dx[iy, ix] = sum over the windows reaching (iy, ix) of dy / divisor. A window reaches (iy, ix)
// exactly when its unclipped extent does, since (iy, ix) lies inside the input.
__kernel void avg_pool2d_backward(__global const float* restrict dy, __global float* restrict dx,
                                  const int P, const int H, const int W, const int Ho, const int Wo,
                                  const int kH, const int kW, const int sH, const int sW,
                                  const int pH, const int pW, const int includePad)
{
    int p, iy, ix0;
    if (!tile_position(P, H, W, IX_TILE, &p, &iy, &ix0)) return;
    const int oyLo = first_window(iy, sH, pH, kH), oyHi = last_window(iy, sH, pH, Ho);

    float acc[IX_TILE];
    for (int j = 0; j < IX_TILE; j++) acc[j] = 0.0f;
    for (int oy = oyLo; oy <= oyHi; oy++) {
        const int rows = avg_extent(oy, sH, pH, kH, H, includePad);
        __global const float* dyrow = dy + ((long)p * Ho + oy) * Wo;
        for (int j = 0; j < IX_TILE; j++) {
            const int ix = ix0 + j;
            const int oxLo = first_window(ix, sW, pW, kW);
            const int oxHi = ix < W ? last_window(ix, sW, pW, Wo) : oxLo - 1;
            float s = 0.0f;
            for (int ox = oxLo; ox <= oxHi; ox++)
                s += dyrow[ox] / (float)(rows * avg_extent(ox, sW, pW, kW, W, includePad));
            acc[j] += s;
        }
    }
    store_input_tile(dx + ((long)p * H + iy) * W, acc, ix0, W);
}

// items: P * Ho * ceil(Wo / OX_TILE)
__kernel void adaptive_avg_pool2d_forward(__global const float* restrict x, __global float* restrict y,
                                          const int P, const int H, const int W, const int Ho, const int Wo)
{
    int p, oy, ox0;
    if (!tile_position(P, Ho, Wo, OX_TILE, &p, &oy, &ox0)) return;
    const int hs = adaptive_start(oy, H, Ho), he = adaptive_end(oy, H, Ho);
    float acc[OX_TILE];
    window_sums(x + (long)p * H * W, W, Wo, hs, he, ox0, 0, 0, 0, 1, acc);
    __global float* yrow = y + ((long)p * Ho + oy) * Wo;
    for (int j = 0; j < OX_TILE; j++) {
        const int ox = ox0 + j;
        if (ox < Wo)
            yrow[ox] = acc[j] / (float)((he - hs) * (adaptive_end(ox, W, Wo) - adaptive_start(ox, W, Wo)));
    }
}

// Global average pooling (a 1x1 adaptive output): one work-group of REDUCE_WG per plane, each
// work-item summing a strided part of the plane, then a tree in local memory (group_sum, common.cl).
// global size: P * REDUCE_WG, local size: REDUCE_WG
__kernel void global_avg_pool2d_forward(__global const float* restrict x, __global float* restrict y,
                                        const int P, const int HW)
{
    __local float partial[REDUCE_WG];
    const int p = get_group_id(0);
    const int lid = get_local_id(0);
    __global const float* xp = x + (long)p * HW;
    float s = 0.0f;
    for (int i = lid; i < HW; i += REDUCE_WG) s += xp[i];
    s = group_sum(partial, s, REDUCE_WG);
    if (lid == 0) y[p] = s / (float)HW;
}

// items: P * H * ceil(W / IX_TILE)
// dx[iy, ix] = sum over the cells reaching (iy, ix) of dy / cell size. Cells reaching row iy are
// floor(iy*Ho/H) .. ceil((iy+1)*Ho/H) - 1; the test against each cell's extent keeps it exact.
__kernel void adaptive_avg_pool2d_backward(__global const float* restrict dy, __global float* restrict dx,
                                           const int P, const int H, const int W, const int Ho, const int Wo)
{
    int p, iy, ix0;
    if (!tile_position(P, H, W, IX_TILE, &p, &iy, &ix0)) return;
    const int oyLo = adaptive_start(iy, Ho, H), oyHi = min(adaptive_end(iy, Ho, H), Ho) - 1;

    float acc[IX_TILE];
    for (int j = 0; j < IX_TILE; j++) acc[j] = 0.0f;
    for (int oy = oyLo; oy <= oyHi; oy++) {
        const int hs = adaptive_start(oy, H, Ho), he = adaptive_end(oy, H, Ho);
        if (iy < hs || iy >= he) continue;
        __global const float* dyrow = dy + ((long)p * Ho + oy) * Wo;
        for (int j = 0; j < IX_TILE; j++) {
            const int ix = ix0 + j;
            if (ix >= W) break;
            const int oxLo = adaptive_start(ix, Wo, W), oxHi = min(adaptive_end(ix, Wo, W), Wo) - 1;
            float s = 0.0f;
            for (int ox = oxLo; ox <= oxHi; ox++) {
                const int ws = adaptive_start(ox, W, Wo), we = adaptive_end(ox, W, Wo);
                if (ix >= ws && ix < we) s += dyrow[ox] / (float)((he - hs) * (we - ws));
            }
            acc[j] += s;
        }
    }
    store_input_tile(dx + ((long)p * H + iy) * W, acc, ix0, W);
}
