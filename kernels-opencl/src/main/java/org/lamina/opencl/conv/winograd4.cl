// Winograd F(4x4, 3x3) for undilated 3x3 convolutions with stride 1 (Lavin and Gray, 2015), NCHW.
// A 4x4 block of outputs needs a 6x6 patch of input; the filter becomes 36 points and the sum over
// input channels 36 independent matrix products (gemm.cl): 36 multiplications per 4x4 outputs, where
// F(2x2, 3x3) (winograd.cl) takes 64 and the direct sum 144.
//
//   winograd4_weights  U[xi, k, c] = (G w[k, c] G^T)[xi], or with FLIP the transform of the filter
//                      rotated by 180 degrees and stored U[xi, c, k] (the input gradient's weights).
//   winograd4_input    V[xi, c, t] = (B^T d B)[xi] for the 6x6 patch d of tile t of channel c.
//   (gemm.cl)          M[xi] = U[xi] V[xi], a K x T product per point xi.
//   winograd4_output   y[k, tile t] = A^T M[., k, t] A (+ bias[k]), a 4x4 block, clipped at the edges.
//
// Tiles t = (n*tilesY + ty)*tilesX + tx; the patch of tile (ty, tx) starts at input row 4ty - padY,
// column 4tx - padX, values outside the input read as zero (any padding, negative too). Dilated
// convolutions reach this file split into their phases (DilationPhases), as undilated ones.
//
//   B^T = [4 0 -5 0 1 0; 0 -4 -4 1 1 0; 0 4 -4 -1 1 0; 0 -2 -1 2 1 0; 0 2 -1 -2 1 0; 0 4 0 -5 0 1]
//   G   = [1/4 0 0; -1/6 -1/6 -1/6; -1/6 1/6 -1/6; 1/24 1/12 1/6; 1/24 -1/12 1/6; 0 0 1]
//   A^T = [1 1 1 1 1 0; 0 1 -1 2 -2 0; 0 1 1 4 4 0; 0 1 -1 8 -8 1]
//
// Tuning parameters, set by the host with -D: VEC (4 or 8), the tiles along a row that a work-item
// of the input and output transforms handles as one vector.

// A run of 4*VEC row values is held as RUN_PARTS float16s; LANE(r, sw) picks, with swizzle sw, the
// value at offset j of each of the VEC tiles (sw = s048c for j = 0, s159d for 1, ...).
// floatV, vloadV, vstoreV, vload_partial, vstore_partial, filter3x3 and
// WINOGRAD_FILTER_TRANSFORM come from common.cl.
#if VEC == 4
#define RUN_PARTS 1
#define LANE(r, sw) ((r)[0].sw)
#else
#define RUN_PARTS 2
#define LANE(r, sw) ((float8)((r)[0].sw, (r)[1].sw))
#endif

// e = G (a, b, d)^T: a column of the filter to 6 points (for WINOGRAD_FILTER_TRANSFORM, common.cl).
#define G6(e, a, b, d)                                                                          \
    e[0] = 0.25f * (a);                                                                         \
    e[1] = (-1.0f / 6.0f) * ((a) + (b) + (d));                                                  \
    e[2] = (-1.0f / 6.0f) * ((a) - (b) + (d));                                                  \
    e[3] = (1.0f / 24.0f) * (a) + (1.0f / 12.0f) * (b) + (1.0f / 6.0f) * (d);                  \
    e[4] = (1.0f / 24.0f) * (a) - (1.0f / 12.0f) * (b) + (1.0f / 6.0f) * (d);                  \
    e[5] = (d);

// One filter per work-item: id = k*C + c over K*C filters of 9 taps each; the 36 points' planes
// lie plane >= K*C floats apart (the host pads them: K*C a power of two put all 36 on the same cache
// sets; docs/kernels.md, measurements).
__kernel void winograd4_weights(__global const float* restrict w, __global float* restrict u,
                                const int K, const int C, const int flip, const long plane)
{
    const int id = get_global_id(0);
    if (id >= K * C) return;
    const int k = id / C, c = id - k * C;
    float f[9];
    filter3x3(w, id, flip, f);
    const long at = flip ? (long)c * K + k : (long)id;
    WINOGRAD_FILTER_TRANSFORM(6, G6, f, u, plane, at)
}

// e = B^T d for one column of six values (or B applied to a row: the same matrix).
#define BT6(e, d0, d1, d2, d3, d4, d5) \
    e[0] = 4.0f * (d0) - 5.0f * (d2) + (d4); \
    e[1] = (d3) + (d4) - 4.0f * ((d1) + (d2)); \
    e[2] = (d4) - (d3) + 4.0f * ((d1) - (d2)); \
    e[3] = (d4) - (d2) + 2.0f * ((d3) - (d1)); \
    e[4] = (d4) - (d2) + 2.0f * ((d1) - (d3)); \
    e[5] = 4.0f * (d1) - 5.0f * (d3) + (d5);

// range: (blocksX, tilesY rounded up to work-groups, nImages * C), blocksX = the groups of VEC tiles
// in a tile row. Each work-item transforms VEC neighbouring tiles of a tile row as vectors over the
// tiles: column j of tile s is 4s + j, so columns 0..3 are the lanes of a run of 4*VEC values and
// columns 4, 5 those of the run 4 further on. V[xi * plane + c * T + t] for images n0 .. n0 + nImages.
__kernel void winograd4_input(__global const float* restrict x, __global float* restrict v,
                              const int n0, const int C, const int H, const int W,
                              const int tilesY, const int tilesX, const int padY, const int padX, const int T,
                              const long plane, const int blocksX)
{
    const int b0 = get_global_id(0) * VEC;
    const int ty = get_global_id(1), z = get_global_id(2);
    if (b0 >= tilesX || ty >= tilesY) return;
    const int c = z % C, n = z / C;
    __global const float* img = x + ((long)(n0 + n) * C + c) * H * W;
    const int iy0 = 4 * ty - padY, ix0 = 4 * b0 - padX;
    // Inside the row on both ends: vector loads straight from x; else through a zero-padded copy.
    const bool inside = ix0 >= 0 && ix0 + 4 * VEC + 4 <= W;
    // r[i][j]: row i of the patch transformed along the row (d B), i.e. B^T applied to its 6 columns.
    floatV r[6][6];
    for (int i = 0; i < 6; i++) {
        const int iy = iy0 + i;
        if (iy < 0 || iy >= H) {
            for (int j = 0; j < 6; j++) r[i][j] = (floatV)(0.0f);
            continue;
        }
        __global const float* row = img + iy * W + ix0;
        float16 a[RUN_PARTS], b[RUN_PARTS];
        if (inside) {
            for (int q = 0; q < RUN_PARTS; q++) {
                a[q] = vload16(q, row);
                b[q] = vload16(q, row + 4);
            }
        } else {
            float p[4 * VEC + 4];
            for (int j = 0; j < 4 * VEC + 4; j++) {
                const int ix = ix0 + j;
                p[j] = ix >= 0 && ix < W ? row[j] : 0.0f;
            }
            for (int q = 0; q < RUN_PARTS; q++) {
                a[q] = vload16(q, p);
                b[q] = vload16(q, p + 4);
            }
        }
        const floatV d0 = LANE(a, s048c), d1 = LANE(a, s159d), d2 = LANE(a, s26ae), d3 = LANE(a, s37bf);
        const floatV d4 = LANE(b, s048c), d5 = LANE(b, s159d);
        BT6(r[i], d0, d1, d2, d3, d4, d5)
    }
    const long tile = ((long)n * tilesY + ty) * tilesX + b0;
    __global float* out = v + (long)c * T + tile;
    const int count = min(VEC, tilesX - b0);
    for (int j = 0; j < 6; j++) {
        floatV e[6];
        BT6(e, r[0][j], r[1][j], r[2][j], r[3][j], r[4][j], r[5][j])
        for (int i = 0; i < 6; i++) {
            vstore_partial(e[i], out + (6 * i + j) * plane, count, 1);
        }
    }
}

// o = A^T q for six values (or A applied to a row).
#define AT6(o, q0, q1, q2, q3, q4, q5) \
    o[0] = (q0) + ((q1) + (q2)) + ((q3) + (q4)); \
    o[1] = ((q1) - (q2)) + 2.0f * ((q3) - (q4)); \
    o[2] = ((q1) + (q2)) + 4.0f * ((q3) + (q4)); \
    o[3] = ((q1) - (q2)) + 8.0f * ((q3) - (q4)) + (q5);

// range: (blocksX, tilesY rounded up to work-groups, nImages * K); VEC tiles per work-item as
// vectors, their 4x4 blocks interleaved into four output rows of 4*VEC values.
// y[n0 + n, k] from M[xi * plane + k * T + t], plus bias[k] when hasBias.
__kernel void winograd4_output(__global const float* restrict m, __global const float* restrict bias,
                               __global float* restrict y, const int n0, const int K, const int Ho, const int Wo,
                               const int tilesY, const int tilesX, const int T, const long plane,
                               const int hasBias, const int blocksX)
{
    const int b0 = get_global_id(0) * VEC;
    const int ty = get_global_id(1), z = get_global_id(2);
    if (b0 >= tilesX || ty >= tilesY) return;
    const int k = z % K, n = z / K;
    __global const float* in = m + (long)k * T + ((long)n * tilesY + ty) * tilesX + b0;
    __global float* out = y + ((long)(n0 + n) * K + k) * Ho * Wo;
    const float bv = hasBias ? bias[k] : 0.0f;
    const int count = min(VEC, tilesX - b0);
    // r[i][j] = (A^T q)[i][j]: the columns j of the 6x6 points reduced to 4 rows.
    floatV r[4][6];
    for (int j = 0; j < 6; j++) {
        floatV q[6];
        for (int i = 0; i < 6; i++) {
            q[i] = vload_partial(in + (6 * i + j) * plane, count);
        }
        floatV o[4];
        AT6(o, q[0], q[1], q[2], q[3], q[4], q[5])
        for (int i = 0; i < 4; i++) r[i][j] = o[i];
    }
    const int oy0 = 4 * ty, ox = 4 * b0;
    const int cols = min(4 * VEC, Wo - ox);
    for (int i = 0; i < 4 && oy0 + i < Ho; i++) {
        floatV o[4];
        AT6(o, r[i][0], r[i][1], r[i][2], r[i][3], r[i][4], r[i][5])
        // Interleave: value j of tile s goes to column 4s + j.
#if VEC == 4
        const float8 lo = shuffle2(o[0] + bv, o[1] + bv, (uint8)(0, 4, 1, 5, 2, 6, 3, 7));
        const float8 hi = shuffle2(o[2] + bv, o[3] + bv, (uint8)(0, 4, 1, 5, 2, 6, 3, 7));
        float16 run[1];
        run[0] = shuffle2(lo, hi, (uint16)(0, 1, 8, 9, 2, 3, 10, 11, 4, 5, 12, 13, 6, 7, 14, 15));
#else
        const uint16 pairs = (uint16)(0, 8, 1, 9, 2, 10, 3, 11, 4, 12, 5, 13, 6, 14, 7, 15);
        const float16 lo = shuffle2(o[0] + bv, o[1] + bv, pairs);
        const float16 hi = shuffle2(o[2] + bv, o[3] + bv, pairs);
        float16 run[2];
        run[0] = shuffle2(lo, hi, (uint16)(0, 1, 16, 17, 2, 3, 18, 19, 4, 5, 20, 21, 6, 7, 22, 23));
        run[1] = shuffle2(lo, hi, (uint16)(8, 9, 24, 25, 10, 11, 26, 27, 12, 13, 28, 29, 14, 15, 30, 31));
#endif
        __global float* row = out + (oy0 + i) * Wo + ox;
        if (cols == 4 * VEC) {
            for (int q = 0; q < RUN_PARTS; q++) vstore16(run[q], q, row);
        } else {
            float l[4 * VEC];
            for (int q = 0; q < RUN_PARTS; q++) vstore16(run[q], q, l);
            for (int s = 0; s < cols; s++) row[s] = l[s];
        }
    }
}
