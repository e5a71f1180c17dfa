// Local response normalization across channels, NCHW float32, PyTorch's convention:
//   d[c]   = k + a * sum_{c' = c - B .. c + A} x[c']^2     (channels outside [0, C) count as 0)
//   y[c]   = x[c] * d[c]^-beta
// with a = alpha / size, B = floor(size/2) channels before and A = floor((size-1)/2) after.
//
// Backward: dx[j] = dy[j] * d[j]^-beta - 2*a*beta * x[j] * sum_{c = j - A .. j + B} t[c],
//   t[c] = dy[c] * x[c] * d[c]^(-beta-1)
// (the channels whose window holds j: the window mirrored, which matters for even sizes). It runs
// in two passes: lrn_backward_terms computes d once per value and writes t and the first term
// dy * d^-beta (into dx); lrn_backward gathers t over the mirrored window and subtracts. No value
// is written by two work-items, and d^-beta is computed once per value.
//
// A work-item handles C_TILE consecutive channels at X_TILE consecutive positions of the H*W plane
// (consecutive positions are adjacent in memory). It slides along the channels: each input row of the
// channels its windows cover is read once and its squares added to every window of the tile that holds
// it, instead of reading size rows per channel. The sums are still taken afresh per channel (added,
// never subtracted): subtracting squares that dwarf what is left would show float32 cancellation.
// Full tiles run with a constant trip count, so the compiler unrolls and vectorizes the position loops.
//
// Every kernel runs over a 1-D range, rounded up to whole work-groups of a fixed size, the position
// block varying fastest.
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

// d^-beta. The common exponents take square roots: a general pow (or exp2/log2) costs ten times more
// on CPUs than the rest of the op together.
float inverse_power(const float d, const float beta)
{
    if (beta == 0.75f) return rsqrt(d * sqrt(d));
    if (beta == 0.5f) return rsqrt(d);
    if (beta == 1.0f) return 1.0f / d;
    if (beta == 0.0f) return 1.0f;
    return exp2(-beta * log2(d));
}

// The place of a work-item: image *n, channels *c0 .. *c0 + C_TILE - 1 and the *count (at most
// X_TILE) plane positions from *pos0. False past the range's end.
static inline bool lrn_position(const int N, const int C, const int HW, int* n, int* c0, int* pos0, int* count)
{
    int cb;
    if (!tile_position(N, BLOCKS(C, C_TILE), HW, X_TILE, n, &cb, pos0)) return false;
    *c0 = cb * C_TILE;
    *count = min(X_TILE, HW - *pos0);
    return true;
}

// sums[ci][j] = sum of v[n, c', pos0 + j] over the window of channel c0 + ci, for j < count (the rest
// left 0), where v is x^2 (square) or x itself: each row from c0 - before to c0 + C_TILE - 1 + after
// is read once.
// Inlined always, so that `square` is a constant in each copy.
static inline __attribute__((always_inline)) void
tile_window_sums(__global const float* xn, const int c0, const int C, const long HW, const int before,
                 const int after, const long pos0, const int count, const int square, float sums[C_TILE][X_TILE])
{
    for (int ci = 0; ci < C_TILE; ci++)
        for (int j = 0; j < X_TILE; j++) sums[ci][j] = 0.0f;
    const int from = max(c0 - before, 0), to = min(c0 + C_TILE - 1 + after, C - 1);
    for (int cc = from; cc <= to; cc++) {
        __global const float* row = xn + cc * HW + pos0;
        float sq[X_TILE];
        if (count == X_TILE) {
            for (int j = 0; j < X_TILE; j++) sq[j] = square ? row[j] * row[j] : row[j];
        } else {
            for (int j = 0; j < X_TILE; j++) sq[j] = j < count ? (square ? row[j] * row[j] : row[j]) : 0.0f;
        }
        // Channel c0 + ci's window holds cc when c0 + ci - before <= cc <= c0 + ci + after.
        const int ciLo = max(cc - after - c0, 0), ciHi = min(cc + before - c0, C_TILE - 1);
        for (int ci = ciLo; ci <= ciHi; ci++)
            for (int j = 0; j < X_TILE; j++) sums[ci][j] += sq[j];
    }
}

// items: N * ceil(C / C_TILE) * ceil(HW / X_TILE)
__kernel void lrn_forward(__global const float* restrict x, __global float* restrict y,
                          const int N, const int C, const int HW,
                          const int before, const int after, const float alphaPerTerm, const float beta,
                          const float k)
{
    int n, c0, pos0, count;
    if (!lrn_position(N, C, HW, &n, &c0, &pos0, &count)) return;
    __global const float* xn = x + (long)n * C * HW;
    __global float* yn = y + (long)n * C * HW;

    float sums[C_TILE][X_TILE];
    tile_window_sums(xn, c0, C, HW, before, after, pos0, count, 1, sums);
    for (int ci = 0; ci < C_TILE && c0 + ci < C; ci++) {
        const long at = (c0 + ci) * (long)HW + pos0;
        for (int j = 0; j < count; j++)
            yn[at + j] = xn[at + j] * inverse_power(k + alphaPerTerm * sums[ci][j], beta);
    }
}

// items: N * ceil(C / C_TILE) * ceil(HW / X_TILE)
// t = dy * x * d^(-beta-1) and dx = dy * d^-beta, the first term of the gradient
__kernel void lrn_backward_terms(__global const float* restrict x, __global const float* restrict dy,
                                 __global float* restrict t, __global float* restrict dx,
                                 const int N, const int C, const int HW,
                                 const int before, const int after, const float alphaPerTerm, const float beta,
                                 const float k)
{
    int n, c0, pos0, count;
    if (!lrn_position(N, C, HW, &n, &c0, &pos0, &count)) return;
    const long off = (long)n * C * HW;

    float sums[C_TILE][X_TILE];
    tile_window_sums(x + off, c0, C, HW, before, after, pos0, count, 1, sums);
    for (int ci = 0; ci < C_TILE && c0 + ci < C; ci++) {
        const long at = off + (c0 + ci) * (long)HW + pos0;
        for (int j = 0; j < count; j++) {
            const float d = k + alphaPerTerm * sums[ci][j];
            const float s = inverse_power(d, beta);
            const float g = dy[at + j];
            dx[at + j] = g * s;
            t[at + j] = g * x[at + j] * (s / d);
        }
    }
}

// items: N * ceil(C / C_TILE) * ceil(HW / X_TILE)
// dx -= 2*a*beta * x * (sum of t over the channels whose window holds this one: c - after .. c + before)
__kernel void lrn_backward(__global const float* restrict x, __global const float* restrict t,
                           __global float* restrict dx,
                           const int N, const int C, const int HW,
                           const int before, const int after, const float alphaPerTerm, const float beta)
{
    int n, c0, pos0, count;
    if (!lrn_position(N, C, HW, &n, &c0, &pos0, &count)) return;
    const long off = (long)n * C * HW;
    const float scale = 2.0f * alphaPerTerm * beta;

    // The mirrored window: the window of `before` channels after and `after` channels before.
    float terms[C_TILE][X_TILE];
    tile_window_sums(t + off, c0, C, HW, after, before, pos0, count, 0, terms);
    for (int ci = 0; ci < C_TILE && c0 + ci < C; ci++) {
        const long at = off + (c0 + ci) * (long)HW + pos0;
        for (int j = 0; j < count; j++) dx[at + j] -= scale * x[at + j] * terms[ci][j];
    }
}
