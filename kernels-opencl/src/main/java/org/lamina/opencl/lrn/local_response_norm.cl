// Local response normalization across channels, NCHW float32, PyTorch's convention:
//   d[c]   = k + a * sum_{c' = c - B .. c + A} x[c']^2     (channels outside [0, C) count as 0)
//   y[c]   = x[c] * d[c]^-beta
// with a = alpha / size, B = floor(size/2) channels before and A = floor((size-1)/2) after.
//
// Backward: dx[j] = dy[j] * d[j]^-beta - 2*a*beta * x[j] * sum_{c = j - A .. j + B} t[c],
//   t[c] = dy[c] * x[c] * d[c]^(-beta-1)
// (the channels whose window holds j: the window mirrored, which matters for even sizes). It runs
// in two passes: lrn_backward_terms writes t, lrn_backward gathers it; neither writes a value
// another work-item writes.
//
// Window sums are taken afresh for each channel rather than slid along the channels: sliding
// subtracts squares that may dwarf what is left, and float32 cancellation would show.
//
// A work-item handles C_TILE channels at X_TILE consecutive positions of the H*W plane (consecutive
// positions are adjacent in memory). Every kernel runs over a 1-D range, rounded up to whole
// work-groups of a fixed size, the position block varying fastest.
//
// Tuning parameters, set by the host with -D:
//   C_TILE  channels per work-item
//   X_TILE  plane positions per work-item

#ifndef C_TILE
#define C_TILE 4
#endif
#ifndef X_TILE
#define X_TILE 8
#endif

// sums[j] = sum of x[n, c', pos0 + j]^2 over the window of channel c; j with pos0 + j >= HW are left 0.
void window_squares(__global const float* restrict xn, const int c, const int C, const long HW,
                    const int before, const int after, const long pos0, const int count, float sums[X_TILE])
{
    for (int j = 0; j < X_TILE; j++) sums[j] = 0.0f;
    const int from = max(c - before, 0), to = min(c + after, C - 1);
    for (int cc = from; cc <= to; cc++) {
        __global const float* row = xn + cc * HW + pos0;
        for (int j = 0; j < count; j++) {
            const float v = row[j];
            sums[j] += v * v;
        }
    }
}

// items: N * ceil(C / C_TILE) * ceil(HW / X_TILE)
__kernel void lrn_forward(__global const float* restrict x, __global float* restrict y,
                          const int N, const int C, const int HW,
                          const int before, const int after, const float alphaPerTerm, const float beta,
                          const float k)
{
    const int xBlocks = (HW + X_TILE - 1) / X_TILE;
    const int cBlocks = (C + C_TILE - 1) / C_TILE;
    long gid = get_global_id(0);
    if (gid >= (long)N * cBlocks * xBlocks) return;
    const long pos0 = (gid % xBlocks) * X_TILE; gid /= xBlocks;
    const int c0 = (int)(gid % cBlocks) * C_TILE;
    const int n = (int)(gid / cBlocks);
    const int count = (int)min((long)X_TILE, HW - pos0);
    __global const float* xn = x + (long)n * C * HW;
    __global float* yn = y + (long)n * C * HW;

    float sums[X_TILE];
    for (int ci = 0; ci < C_TILE && c0 + ci < C; ci++) {
        const int c = c0 + ci;
        window_squares(xn, c, C, HW, before, after, pos0, count, sums);
        const long at = c * (long)HW + pos0;
        for (int j = 0; j < count; j++)
            yn[at + j] = xn[at + j] * pow(k + alphaPerTerm * sums[j], -beta);
    }
}

// items: N * ceil(C / C_TILE) * ceil(HW / X_TILE);  t = dy * x * d^(-beta-1)
__kernel void lrn_backward_terms(__global const float* restrict x, __global const float* restrict dy,
                                 __global float* restrict t,
                                 const int N, const int C, const int HW,
                                 const int before, const int after, const float alphaPerTerm, const float beta,
                                 const float k)
{
    const int xBlocks = (HW + X_TILE - 1) / X_TILE;
    const int cBlocks = (C + C_TILE - 1) / C_TILE;
    long gid = get_global_id(0);
    if (gid >= (long)N * cBlocks * xBlocks) return;
    const long pos0 = (gid % xBlocks) * X_TILE; gid /= xBlocks;
    const int c0 = (int)(gid % cBlocks) * C_TILE;
    const int n = (int)(gid / cBlocks);
    const int count = (int)min((long)X_TILE, HW - pos0);
    const long off = (long)n * C * HW;
    __global const float* xn = x + off;

    float sums[X_TILE];
    for (int ci = 0; ci < C_TILE && c0 + ci < C; ci++) {
        const int c = c0 + ci;
        window_squares(xn, c, C, HW, before, after, pos0, count, sums);
        const long at = off + c * (long)HW + pos0;
        for (int j = 0; j < count; j++)
            t[at + j] = dy[at + j] * x[at + j] * pow(k + alphaPerTerm * sums[j], -beta - 1.0f);
    }
}

// items: N * ceil(C / C_TILE) * ceil(HW / X_TILE)
__kernel void lrn_backward(__global const float* restrict x, __global const float* restrict dy,
                           __global const float* restrict t, __global float* restrict dx,
                           const int N, const int C, const int HW,
                           const int before, const int after, const float alphaPerTerm, const float beta,
                           const float k)
{
    const int xBlocks = (HW + X_TILE - 1) / X_TILE;
    const int cBlocks = (C + C_TILE - 1) / C_TILE;
    long gid = get_global_id(0);
    if (gid >= (long)N * cBlocks * xBlocks) return;
    const long pos0 = (gid % xBlocks) * X_TILE; gid /= xBlocks;
    const int c0 = (int)(gid % cBlocks) * C_TILE;
    const int n = (int)(gid / cBlocks);
    const int count = (int)min((long)X_TILE, HW - pos0);
    const long off = (long)n * C * HW;
    __global const float* xn = x + off;
    __global const float* tn = t + off;
    const float scale = 2.0f * alphaPerTerm * beta;

    float sums[X_TILE];
    float terms[X_TILE];
    for (int ci = 0; ci < C_TILE && c0 + ci < C; ci++) {
        const int c = c0 + ci;
        window_squares(xn, c, C, HW, before, after, pos0, count, sums);
        for (int j = 0; j < X_TILE; j++) terms[j] = 0.0f;
        // The channels whose window holds c: c - after .. c + before.
        const int from = max(c - after, 0), to = min(c + before, C - 1);
        for (int cc = from; cc <= to; cc++) {
            __global const float* row = tn + cc * (long)HW + pos0;
            for (int j = 0; j < count; j++) terms[j] += row[j];
        }
        const long at = off + c * (long)HW + pos0;
        for (int j = 0; j < count; j++)
            dx[at + j] = dy[at + j] * pow(k + alphaPerTerm * sums[j], -beta) - scale * x[at + j] * terms[j];
    }
}
