// Winograd F(2x2, 3x3) for 3x3 convolutions with stride 1 and dilation 1 (Lavin and Gray, 2015),
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
//
//   G = [1 0 0; 1/2 1/2 1/2; 1/2 -1/2 1/2; 0 0 1]
//   B^T = [1 0 -1 0; 0 1 1 0; 0 -1 1 0; 0 1 0 -1]
//   A^T = [1 1 1 0; 0 1 -1 -1]
//
// Tuning parameters, set by the host with -D: TX_TILE, tiles along a row per work-item in the input
// and output transforms (neighbouring patches share two columns, loaded once).

#ifndef TX_TILE
#define TX_TILE 4
#endif

// One filter per work-item: id = k*C + c over K*C filters of 9 taps each.
__kernel void winograd_weights(__global const float* restrict w, __global float* restrict u,
                               const int K, const int C, const int flip)
{
    const int id = get_global_id(0);
    if (id >= K * C) return;
    const int k = id / C, c = id - k * C;
    __global const float* g = w + (long)id * 9;
    float f[9];
    for (int i = 0; i < 9; i++) f[i] = g[flip ? 8 - i : i];
    // t = G f (4 x 3), then U = t G^T (4 x 4).
    float t[12];
    for (int j = 0; j < 3; j++) {
        const float a = f[j], b = f[3 + j], d = f[6 + j];
        t[j] = a;
        t[3 + j] = 0.5f * (a + b + d);
        t[6 + j] = 0.5f * (a - b + d);
        t[9 + j] = d;
    }
    const long plane = (long)K * C;
    const long at = flip ? (long)c * K + k : (long)id;
    for (int i = 0; i < 4; i++) {
        const float a = t[3 * i], b = t[3 * i + 1], d = t[3 * i + 2];
        u[(4 * i + 0) * plane + at] = a;
        u[(4 * i + 1) * plane + at] = 0.5f * (a + b + d);
        u[(4 * i + 2) * plane + at] = 0.5f * (a - b + d);
        u[(4 * i + 3) * plane + at] = d;
    }
}

// range: (tile-column groups of TX_TILE rounded up to work-groups, tilesY, nImages * C).
// V[xi * C * T + c * T + t] for the chunk's images n0 .. n0 + nImages.
__kernel void winograd_input(__global const float* restrict x, __global float* restrict v,
                             const int n0, const int C, const int H, const int W,
                             const int tilesY, const int tilesX, const int padY, const int padX, const int T)
{
    const int tx0 = get_global_id(0) * TX_TILE, ty = get_global_id(1), z = get_global_id(2);
    if (tx0 >= tilesX) return;
    const int c = z % C, n = z / C;
    __global const float* img = x + ((long)(n0 + n) * C + c) * H * W;
    const int iy0 = 2 * ty - padY, ix0 = 2 * tx0 - padX;
    const long plane = (long)C * T;
    __global float* out = v + (long)c * T + ((long)n * tilesY + ty) * tilesX + tx0;
    // Columns of the first patch's rows, then two new columns per further tile.
    float d[4][4];
    for (int i = 0; i < 4; i++) {
        const int iy = iy0 + i;
        const bool rowIn = iy >= 0 && iy < H;
        for (int j = 0; j < 2; j++) {
            const int ix = ix0 + j;
            d[i][j] = rowIn && ix >= 0 && ix < W ? img[iy * W + ix] : 0.0f;
        }
    }
    const int count = min(TX_TILE, tilesX - tx0);
    for (int s = 0; s < count; s++) {
        for (int i = 0; i < 4; i++) {
            const int iy = iy0 + i;
            const bool rowIn = iy >= 0 && iy < H;
            for (int j = 2; j < 4; j++) {
                const int ix = ix0 + 2 * s + j;
                d[i][j] = rowIn && ix >= 0 && ix < W ? img[iy * W + ix] : 0.0f;
            }
        }
        // r = B^T d (rows), then r B (columns).
        float r[4][4];
        for (int j = 0; j < 4; j++) {
            r[0][j] = d[0][j] - d[2][j];
            r[1][j] = d[1][j] + d[2][j];
            r[2][j] = d[2][j] - d[1][j];
            r[3][j] = d[1][j] - d[3][j];
        }
        for (int i = 0; i < 4; i++) {
            out[(4 * i + 0) * plane + s] = r[i][0] - r[i][2];
            out[(4 * i + 1) * plane + s] = r[i][1] + r[i][2];
            out[(4 * i + 2) * plane + s] = r[i][2] - r[i][1];
            out[(4 * i + 3) * plane + s] = r[i][1] - r[i][3];
        }
        for (int i = 0; i < 4; i++) {
            d[i][0] = d[i][2];
            d[i][1] = d[i][3];
        }
    }
}

// range: (tile-column groups of TX_TILE rounded up to work-groups, tilesY, nImages * K).
// y[n0 + n, k] from M[xi * K * T + k * T + t], plus bias[k] when hasBias.
__kernel void winograd_output(__global const float* restrict m, __global const float* restrict bias,
                              __global float* restrict y, const int n0, const int K, const int Ho, const int Wo,
                              const int tilesY, const int tilesX, const int T, const int hasBias)
{
    const int tx0 = get_global_id(0) * TX_TILE, ty = get_global_id(1), z = get_global_id(2);
    if (tx0 >= tilesX) return;
    const int k = z % K, n = z / K;
    const long plane = (long)K * T;
    __global const float* in = m + (long)k * T + ((long)n * tilesY + ty) * tilesX + tx0;
    __global float* out = y + ((long)(n0 + n) * K + k) * Ho * Wo;
    const float b = hasBias ? bias[k] : 0.0f;
    const int oy = 2 * ty;
    const int count = min(TX_TILE, tilesX - tx0);
    for (int s = 0; s < count; s++) {
        float q[4][4];
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) q[i][j] = in[(4 * i + j) * plane + s];
        }
        // r = A^T q (2 x 4), then r A (2 x 2).
        float r[2][4];
        for (int j = 0; j < 4; j++) {
            r[0][j] = q[0][j] + q[1][j] + q[2][j];
            r[1][j] = q[1][j] - q[2][j] - q[3][j];
        }
        const int ox = 2 * (tx0 + s);
        for (int i = 0; i < 2 && oy + i < Ho; i++) {
            __global float* row = out + (oy + i) * Wo + ox;
            row[0] = r[i][0] + r[i][1] + r[i][2] + b;
            if (ox + 1 < Wo) row[1] = r[i][1] - r[i][2] - r[i][3] + b;
        }
    }
}
