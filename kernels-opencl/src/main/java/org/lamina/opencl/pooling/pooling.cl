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
//   OX_TILE    output columns per work-item (average and adaptive forward kernels)
//   IX_TILE    input columns per work-item (backward kernels)
//   REDUCE_WG  work-group size of global_avg_pool2d_forward (a power of two)
//   MAX_VEC    output columns per work-item of max_pool2d_forward, as vector lanes (1, 2, 4, 8, 16)
//   MAX_ROWS   output rows per work-item of max_pool2d_forward
//   MAX_SCATTER  output rows per work-item of max_pool2d_backward_scatter

#ifndef OX_TILE
#define OX_TILE 4
#endif
#ifndef IX_TILE
#define IX_TILE 4
#endif
#ifndef REDUCE_WG
#define REDUCE_WG 64
#endif
#ifndef MAX_VEC
#define MAX_VEC 1
#endif
#ifndef MAX_ROWS
#define MAX_ROWS 1
#endif
#ifndef MAX_SCATTER
#define MAX_SCATTER 8
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

// Max pooling's forward in lanes: a work-item computes MAX_VEC consecutive outputs of each of
// MAX_ROWS consecutive output rows, as vectors of MAX_VEC lanes (a scalar when 1), and consecutive
// work-items take consecutive column blocks, then row blocks, then planes, so that they read
// consecutive memory. Each input row of the block's windows is read once per window column and
// serves every output row whose window holds it. Lanes past the input's edges read -inf (clipped
// columns: never taken, so the result is that of skipping them), lanes past Wo are not stored.
#if MAX_VEC == 1
#define floatM float
#define intM int
#define LANES 0
#define CONVERT_FLOATM(v) ((float)(v))
#define STORE_M(v, p) (*(p) = (v))
#elif MAX_VEC == 2
#define floatM float2
#define intM int2
#define MAX_VEC2 4
#define LANES ((int2)(0, 1))
#elif MAX_VEC == 4
#define floatM float4
#define intM int4
#define MAX_VEC2 8
#define LANES ((int4)(0, 1, 2, 3))
#elif MAX_VEC == 8
#define floatM float8
#define intM int8
#define MAX_VEC2 16
#define LANES ((int8)(0, 1, 2, 3, 4, 5, 6, 7))
#elif MAX_VEC == 16
#define floatM float16
#define intM int16
#define LANES ((int16)(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15))
#else
#error "MAX_VEC must be 1, 2, 4, 8 or 16"
#endif
#if MAX_VEC > 1
#define CONVERT_FLOATM CAT(convert_float, MAX_VEC)
#define STORE_M(v, p) CAT(vstore, MAX_VEC)(v, 0, p)
#endif

// MAX_VEC values p[0], p[s], p[2s], ...: one load for s = 1, a load of twice as many and its even
// lanes for s = 2 (reads p[2 * MAX_VEC - 1], one past the last value), else one load per lane.
// The caller makes sure that everything read lies in the buffer.
static floatM max_lanes(__global const float* p, const int s)
{
#if MAX_VEC == 1
    return p[0];
#else
    if (s == 1) return CAT(vload, MAX_VEC)(0, p);
#if MAX_VEC == 16
    if (s == 2) return (float16)(vload16(0, p).even, vload16(0, p + 16).even);
#else
    if (s == 2) return CAT(vload, MAX_VEC2)(0, p).even;
#endif
    float v[MAX_VEC];
    UNROLL for (int j = 0; j < MAX_VEC; j++) v[j] = p[j * s];
    return CAT(vload, MAX_VEC)(0, v);
#endif
}

// The values at row + col (one column per lane) of x, clamped into 0 .. n - 1: the slow path of the
// work-items whose reads reach past either end of the buffer (the caller masks the clamped lanes).
static floatM max_lanes_clamped(__global const float* x, const long row, const intM col, const long n)
{
#if MAX_VEC == 1
    return x[clamp(row + col, 0L, n - 1)];
#else
    int c[MAX_VEC];
    float v[MAX_VEC];
    CAT(vstore, MAX_VEC)(col, 0, c);
    UNROLL for (int j = 0; j < MAX_VEC; j++) v[j] = x[clamp(row + c[j], 0L, n - 1)];
    return CAT(vload, MAX_VEC)(0, v);
#endif
}

// items: P * ceil(Ho / MAX_ROWS) * ceil(Wo / MAX_VEC)
// y = max over the clipped window; idx = flat index of the first maximum in row-major window order
// (a NaN wins, the last one if several, as in PyTorch), or of the window's first value when every
// value is -inf. Rows are visited in order and each row's columns in order, so the comparisons run
// in row-major window order for every output row.
__kernel void max_pool2d_forward(__global const float* restrict x, __global float* restrict y,
                                 __global float* restrict idx,
                                 const int P, const int H, const int W, const int Ho, const int Wo,
                                 const int kH, const int kW, const int sH, const int sW,
                                 const int pH, const int pW)
{
    const int xBlocks = (Wo + MAX_VEC - 1) / MAX_VEC;
    const int yBlocks = (Ho + MAX_ROWS - 1) / MAX_ROWS;
    long gid = get_global_id(0);
    if (gid >= (long)P * yBlocks * xBlocks) return;
    const int ox0 = (int)(gid % xBlocks) * MAX_VEC; gid /= xBlocks;
    const int oy0 = (int)(gid % yBlocks) * MAX_ROWS;
    const int p = (int)(gid / yBlocks);
    const intM ox = ox0 + LANES;
    const intM w0 = ox * sW - pW;
    const long plane = (long)p * H * W;

    // Each output row's clipped input rows, and the rows that all of them span.
    int hs[MAX_ROWS], he[MAX_ROWS];
    floatM best[MAX_ROWS];
    intM arg[MAX_ROWS];
    UNROLL for (int r = 0; r < MAX_ROWS; r++) {
        const int h0 = (oy0 + r) * sH - pH;
        hs[r] = max(h0, 0);
        he[r] = oy0 + r < Ho ? min(h0 + kH, H) : hs[r]; // rows past Ho: nothing to do
        best[r] = -INFINITY;
        arg[r] = hs[r] * W + max(w0, 0);
    }
    const int rowLo = hs[0];
    int rowHi = he[0];
    UNROLL for (int r = 1; r < MAX_ROWS; r++) rowHi = max(rowHi, he[r]);

    // Whether every read of this work-item lies in the buffer, so that lanes load without clamping:
    // from the first row's first window column to max_lanes' last read in the last row.
    const long n = (long)P * H * W;
    const long first = plane + (long)rowLo * W + ox0 * sW - pW;
    const long last = plane + (long)(rowHi - 1) * W + ox0 * sW - pW + kW - 1 + MAX_VEC * sW - 1;
    const int inside = first >= 0 && last < n;

    for (int iy = rowLo; iy < rowHi; iy++) {
        const long row = plane + (long)iy * W;
        for (int kx = 0; kx < kW; kx++) {
            const intM col = w0 + kx;
            floatM v = inside ? max_lanes(x + row + ox0 * sW - pW + kx, sW)
                              : max_lanes_clamped(x, row, col, n);
            // Branch-free: on real data the comparisons are unpredictable. v != v is the NaN test
            // (isnan() cost as much again as the rest of the loop on pocl).
            v = select((floatM)(-INFINITY), v, (col >= 0) & (col < W) & (ox < Wo));
            const intM at = iy * W + col;
            UNROLL for (int r = 0; r < MAX_ROWS; r++) {
                if (iy >= hs[r] && iy < he[r]) {
                    const intM take = (v > best[r]) | (v != v);
                    best[r] = select(best[r], v, take);
                    arg[r] = select(arg[r], at, take);
                }
            }
        }
    }

    UNROLL for (int r = 0; r < MAX_ROWS; r++) {
        if (oy0 + r >= Ho) break;
        const long out = ((long)p * Ho + oy0 + r) * Wo + ox0;
        const floatM a = CONVERT_FLOATM(arg[r]);
        if (ox0 + MAX_VEC <= Wo) {
            STORE_M(best[r], y + out);
            STORE_M(a, idx + out);
        } else {
            float vb[MAX_VEC], va[MAX_VEC];
            STORE_M(best[r], vb);
            STORE_M(a, va);
            for (int j = 0; ox0 + j < Wo; j++) {
                y[out + j] = vb[j];
                idx[out + j] = va[j];
            }
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

// items: P * ceil(Ho / MAX_SCATTER)
// The same dx as max_pool2d_backward, bit for bit, as a scatter (the CPU's way): a work-item owns a
// band of input rows, those from its first output row's window start to the next band's, zeroes
// them, then adds the gradient of every window reaching them at that window's argmax when the argmax
// lies in the band. Windows are visited in the gather's order (oy, then ox, ascending), so each value
// sums the same terms in the same order. Scalar, a few operations per output value: the gather does
// a compare and a select per window and owned value.
__kernel void max_pool2d_backward_scatter(__global const float* restrict dy, __global const float* restrict idx,
                                          __global float* restrict dx,
                                          const int P, const int H, const int W, const int Ho, const int Wo,
                                          const int kH, const int kW, const int sH, const int sW,
                                          const int pH, const int pW)
{
    const int bands = (Ho + MAX_SCATTER - 1) / MAX_SCATTER;
    const long gid = get_global_id(0);
    if (gid >= (long)P * bands) return;
    const int b = (int)(gid % bands);
    const long p = gid / bands;
    const int oyA = b * MAX_SCATTER, oyB = min(oyA + MAX_SCATTER, Ho);
    const int rA = b == 0 ? 0 : clamp(oyA * sH - pH, 0, H);
    const int rB = oyB == Ho ? H : clamp(oyB * sH - pH, 0, H);
    const int lo = rA * W, hi = rB * W;
    __global float* dxp = dx + p * H * W;
    for (int i = lo; i < hi; i++) dxp[i] = 0.0f;
    if (rA >= rB) return;
    const int oyLo = first_window(rA, sH, pH, kH), oyHi = last_window(rB - 1, sH, pH, Ho);
    const long plane = p * Ho * Wo;
    for (int oy = oyLo; oy <= oyHi; oy++) {
        const long row = plane + (long)oy * Wo;
        for (int ox = 0; ox < Wo; ox++) {
            const int at = (int)idx[row + ox];
            if (at >= lo && at < hi) dxp[at] += dy[row + ox];
        }
    }
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
