// Winograd F(2x2, 3x3) for 3x3 convolutions with stride 1, any dilation (Lavin and Gray, 2015),
// NCHW activations. A 2x2 block of outputs needs a 4x4 patch of input; in the transformed domain
// the 3x3 filter becomes 16 points, and the sum over input channels becomes 16 independent matrix
// products (gemm.cl), with 16 multiplications per 2x2 outputs where the direct sum takes 36:
//
//   winograd_weights  U[xi, k, c] = (G w[k, c] G^T)[xi], or with FLIP the transform of the filter
//                     rotated by 180 degrees and stored U[xi, c, k] (the input gradient's weights).
//   winograd_input    V[xi, c, t] = (B^T d B)[xi] for the 4x4 patch d of tile t of channel c.
//   (gemm.cl)         M[xi] = U[xi] V[xi], a K x T product per point xi.
//   winograd_output   y[k, tile t] = A^T M[., k, t] A (+ bias[k]), a 2x2 block, clipped at the edges.
//
// Tiles t run over the images of a chunk, tile rows and tile columns: t = (n*tilesY + ty)*tilesX + tx;
// the patch of tile (ty, tx) starts at input row 2ty - padY, column 2tx - padX, and values outside
// the input read as zero, so any padding works (negative too: the input gradient's padding 2 - p).
// With dilation d the outputs split into d x d phases (rows oy = ry mod d, columns likewise), each an
// undilated F(2x2, 3x3) on every d-th value: tile row ty = ry*phaseY + a covers output rows
// ry + 2da and ry + 2da + d and reads input rows ry + 2da - padY + d*i; columns likewise, the tiles
// of column phase rx at rx*phaseX + b. Dilation 1 is the plain layout (one phase).
//
//   G = [1 0 0; 1/2 1/2 1/2; 1/2 -1/2 1/2; 0 0 1]
//   B^T = [1 0 -1 0; 0 1 1 0; 0 -1 1 0; 0 1 0 -1]
//   A^T = [1 1 1 0; 0 1 -1 -1]
//
// Tuning parameters, set by the host with -D: VEC (4 or 8), the tiles along a row that a work-item
// of the input and output transforms handles as one vector.

// floatV, float2V, vloadV, vstoreV, vload2V, vstore2V, INTERLEAVE, vload_partial, vstore_partial and
// filter3x3 and WINOGRAD_FILTER_TRANSFORM come from common.cl.

// e = G (a, b, d)^T: a column of the filter to 4 points (for WINOGRAD_FILTER_TRANSFORM, common.cl).
#define G4(e, a, b, d)                                                                          \
    e[0] = (a);                                                                                 \
    e[1] = 0.5f * ((a) + (b) + (d));                                                            \
    e[2] = 0.5f * ((a) - (b) + (d));                                                            \
    e[3] = (d);

// One filter per work-item: id = k*C + c over K*C filters of 9 taps each.
__kernel void winograd_weights(__global const float* restrict w, __global float* restrict u,
                               const int K, const int C, const int flip)
{
    const int id = get_global_id(0);
    if (id >= K * C) return;
    const int k = id / C, c = id - k * C;
    float f[9];
    filter3x3(w, id, flip, f);
    const long plane = (long)K * C;
    const long at = flip ? (long)c * K + k : (long)id;
    WINOGRAD_FILTER_TRANSFORM(4, G4, f, u, plane, at)
}

// range: (dilX * blocksX, tilesY rounded up to work-groups, nImages * C), blocksX = the groups of VEC
// tiles in a column phase. Each work-item
// transforms VEC neighbouring tiles of a tile row at once, as vectors over the tiles: the 4 columns
// of the patches are the even and odd columns of a run of 2*VEC values and of the run 2 further on.
// V[xi * plane + c * T + t] for the chunk's images n0 .. n0 + nImages.
__kernel void winograd_input(__global const float* restrict x, __global float* restrict v,
                             const int n0, const int C, const int H, const int W,
                             const int tilesY, const int tilesX, const int padY, const int padX, const int T,
                             const long plane, const int dilY, const int dilX, const int phaseY,
                             const int phaseX, const int blocksX, const int transposed)
{
    const int rx = get_global_id(0) / blocksX, b0 = (get_global_id(0) % blocksX) * VEC;
    const int ty = get_global_id(1), z = get_global_id(2);
    if (rx >= dilX || b0 >= phaseX || ty >= tilesY) return;
    const int c = z % C, n = z / C;
    const int ry = ty / phaseY, a0 = ty % phaseY;
    __global const float* img = x + ((long)(n0 + n) * C + c) * H * W;
    const int iy0 = ry + 2 * dilY * a0 - padY, ix0 = rx + 2 * dilX * b0 - padX;
    // Inside the row on both ends: vector loads straight from x; else through a zero-padded copy.
    const bool inside = ix0 >= 0 && ix0 + 2 * VEC + 2 <= W;
    floatV d[4][4];
    for (int i = 0; i < 4; i++) {
        const int iy = iy0 + dilY * i;
        if (iy < 0 || iy >= H) {
            for (int j = 0; j < 4; j++) d[i][j] = (floatV)(0.0f);
            continue;
        }
        __global const float* row = img + iy * W + ix0;
        if (dilX > 1) {
            // Tile s, tap j at column ix0 + dilX * (2s + j): gathered one by one.
            for (int j = 0; j < 4; j++) {
                float p[VEC];
                for (int s = 0; s < VEC; s++) {
                    const int ix = ix0 + dilX * (2 * s + j);
                    p[s] = ix >= 0 && ix < W ? row[ix - ix0] : 0.0f;
                }
                d[i][j] = vloadV(0, p);
            }
            continue;
        }
        float2V a, b;
        if (inside) {
            a = vload2V(0, row);
            b = vload2V(0, row + 2);
        } else {
            float p[2 * VEC + 2];
            for (int j = 0; j < 2 * VEC + 2; j++) {
                const int ix = ix0 + j;
                p[j] = ix >= 0 && ix < W ? row[j] : 0.0f;
            }
            a = vload2V(0, p);
            b = vload2V(0, p + 2);
        }
        d[i][0] = a.even;
        d[i][1] = a.odd;
        d[i][2] = b.even;
        d[i][3] = b.odd;
    }
    // r = B^T d (rows), then r B (columns).
    floatV r[4][4];
    for (int j = 0; j < 4; j++) {
        r[0][j] = d[0][j] - d[2][j];
        r[1][j] = d[1][j] + d[2][j];
        r[2][j] = d[2][j] - d[1][j];
        r[3][j] = d[1][j] - d[3][j];
    }
    // V[xi, c, t], or with transposed V[xi, t, c] (the weight gradient's product reads rows of channels).
    const long tile = ((long)n * tilesY + ty) * tilesX + rx * phaseX + b0;
    const long tStride = transposed ? C : 1;
    __global float* out = v + (transposed ? tile * C + c : (long)c * T + tile);
    const int count = min(VEC, phaseX - b0);
    for (int i = 0; i < 4; i++) {
        floatV e[4];
        e[0] = r[i][0] - r[i][2];
        e[1] = r[i][1] + r[i][2];
        e[2] = r[i][2] - r[i][1];
        e[3] = r[i][1] - r[i][3];
        for (int j = 0; j < 4; j++) {
            vstore_partial(e[j], out + (4 * i + j) * plane, count, tStride);
        }
    }
}

// range: (dilX * blocksX, tilesY rounded up to work-groups, nImages * K); VEC tiles per
// work-item as vectors, their 2x2 blocks interleaved into two output rows of 2*VEC values.
// y[n0 + n, k] from M[xi * plane + k * T + t], plus bias[k] when hasBias.
__kernel void winograd_output(__global const float* restrict m, __global const float* restrict bias,
                              __global float* restrict y, const int n0, const int K, const int Ho, const int Wo,
                              const int tilesY, const int tilesX, const int T, const long plane,
                              const int hasBias, const int dilY, const int dilX, const int phaseY,
                              const int phaseX, const int blocksX)
{
    const int rx = get_global_id(0) / blocksX, b0 = (get_global_id(0) % blocksX) * VEC;
    const int ty = get_global_id(1), z = get_global_id(2);
    if (rx >= dilX || b0 >= phaseX || ty >= tilesY) return;
    const int k = z % K, n = z / K;
    const int ry = ty / phaseY, a0 = ty % phaseY;
    __global const float* in = m + (long)k * T + ((long)n * tilesY + ty) * tilesX + rx * phaseX + b0;
    __global float* out = y + ((long)(n0 + n) * K + k) * Ho * Wo;
    const float b = hasBias ? bias[k] : 0.0f;
    const int count = min(VEC, phaseX - b0);
    floatV q[4][4];
    for (int i = 0; i < 4; i++) {
        for (int j = 0; j < 4; j++) {
            q[i][j] = vload_partial(in + (4 * i + j) * plane, count);
        }
    }
    // r = A^T q (2 x 4), then r A (2 x 2).
    floatV r[2][4];
    for (int j = 0; j < 4; j++) {
        r[0][j] = q[0][j] + q[1][j] + q[2][j];
        r[1][j] = q[1][j] - q[2][j] - q[3][j];
    }
    const int oy0 = ry + 2 * dilY * a0, ox = rx + 2 * dilX * b0;
    const int cols = min(2 * VEC, Wo - ox);
    for (int i = 0; i < 2 && oy0 + dilY * i < Ho; i++) {
        const floatV left = r[i][0] + r[i][1] + r[i][2] + b;
        const floatV right = r[i][1] - r[i][2] - r[i][3] + b;
        __global float* row = out + (oy0 + dilY * i) * Wo + ox;
        if (dilX > 1) {
            // Tile s covers columns ox + 2 dilX s and dilX further on.
            float l[VEC], rr[VEC];
            vstoreV(left, 0, l);
            vstoreV(right, 0, rr);
            for (int s = 0; s < count; s++) {
                const int c0 = 2 * dilX * s;
                if (ox + c0 < Wo) row[c0] = l[s];
                if (ox + c0 + dilX < Wo) row[c0 + dilX] = rr[s];
            }
            continue;
        }
        const float2V pair = shuffle2(left, right, INTERLEAVE);
        if (cols == 2 * VEC) {
            vstore2V(pair, 0, row);
        } else {
            float l[2 * VEC];
            vstore2V(pair, 0, l);
            for (int s = 0; s < cols; s++) row[s] = l[s];
        }
    }
}

// The weight gradient as F(3x3, 2x2): dw[k, c] (3x3) = sum over tiles t of A'^T [U'[., k, t] * V[., c, t]] A'
// with V the input transform above (the same 4x4 patches) and U' = G' g G'^T of dy's 2x2 tile g,
//   G' = [1 0; 1/2 1/2; 1/2 -1/2; 0 -1]   (the last row negated to match B^T above)
//   A'^T = [1 1 1 0; 0 1 -1 0; 0 1 1 1]
// With dilation d the tiles are those of the input transform's phases: tile (ty, tx) of phase
// (ry, rx) holds dy at rows ry + 2da + d*i and columns rx + 2db + d*j, against the same patches.
// range: (dilX * blocksX, tilesY rounded up to work-groups, nImages * K). U'[xi * plane + k * T + t].
__kernel void winograd_dy(__global const float* restrict dy, __global float* restrict u,
                          const int n0, const int K, const int Ho, const int Wo,
                          const int tilesY, const int tilesX, const int T, const long plane,
                          const int dilY, const int dilX, const int phaseY, const int phaseX, const int blocksX)
{
    const int rx = get_global_id(0) / blocksX, b0 = (get_global_id(0) % blocksX) * VEC;
    const int ty = get_global_id(1), z = get_global_id(2);
    if (rx >= dilX || b0 >= phaseX || ty >= tilesY) return;
    const int k = z % K, n = z / K;
    const int ry = ty / phaseY, a0 = ty % phaseY;
    __global const float* img = dy + ((long)(n0 + n) * K + k) * Ho * Wo;
    const int ox0 = rx + 2 * dilX * b0;
    floatV g[2][2];
    for (int i = 0; i < 2; i++) {
        const int oy = ry + 2 * dilY * a0 + dilY * i;
        if (oy >= Ho) {
            g[i][0] = g[i][1] = (floatV)(0.0f);
            continue;
        }
        __global const float* row = img + oy * Wo + ox0;
        if (dilX > 1) {
            for (int j = 0; j < 2; j++) {
                float p[VEC];
                for (int s = 0; s < VEC; s++) {
                    const int ox = ox0 + dilX * (2 * s + j);
                    p[s] = ox < Wo ? row[ox - ox0] : 0.0f;
                }
                g[i][j] = vloadV(0, p);
            }
            continue;
        }
        float2V a;
        if (ox0 + 2 * VEC <= Wo) {
            a = vload2V(0, row);
        } else {
            float p[2 * VEC];
            for (int j = 0; j < 2 * VEC; j++) p[j] = ox0 + j < Wo ? row[j] : 0.0f;
            a = vload2V(0, p);
        }
        g[i][0] = a.even;
        g[i][1] = a.odd;
    }
    // t = G' g (4 x 2), then U' = t G'^T (4 x 4).
    floatV t[4][2];
    for (int j = 0; j < 2; j++) {
        t[0][j] = g[0][j];
        t[1][j] = 0.5f * (g[0][j] + g[1][j]);
        t[2][j] = 0.5f * (g[0][j] - g[1][j]);
        t[3][j] = -g[1][j];
    }
    __global float* out = u + (long)k * T + ((long)n * tilesY + ty) * tilesX + rx * phaseX + b0;
    const int count = min(VEC, phaseX - b0);
    for (int i = 0; i < 4; i++) {
        floatV e[4];
        e[0] = t[i][0];
        e[1] = 0.5f * (t[i][0] + t[i][1]);
        e[2] = 0.5f * (t[i][0] - t[i][1]);
        e[3] = -t[i][1];
        for (int j = 0; j < 4; j++) {
            vstore_partial(e[j], out + (4 * i + j) * plane, count, 1);
        }
    }
}

// dw[k, c] = A'^T M[., k, c] A' for the K*C filters, M[xi * K * C + k * C + c]; overwrites dw.
__kernel void winograd_filter_output(__global const float* restrict m, __global float* restrict dw,
                                     const int K, const int C)
{
    const int id = get_global_id(0);
    if (id >= K * C) return;
    const long plane = (long)K * C;
    float q[4][4];
    for (int i = 0; i < 4; i++) {
        for (int j = 0; j < 4; j++) q[i][j] = m[(4 * i + j) * plane + id];
    }
    float r[3][4];
    for (int j = 0; j < 4; j++) {
        r[0][j] = q[0][j] + q[1][j] + q[2][j];
        r[1][j] = q[1][j] - q[2][j];
        r[2][j] = q[1][j] + q[2][j] + q[3][j];
    }
    __global float* o = dw + (long)id * 9;
    for (int i = 0; i < 3; i++) {
        o[3 * i] = r[i][0] + r[i][1] + r[i][2];
        o[3 * i + 1] = r[i][1] - r[i][2];
        o[3 * i + 2] = r[i][1] + r[i][2] + r[i][3];
    }
}
