// Batched, strided single-precision matrix product, register-blocked:
//
//   C[b] = alpha * sum over r < RB of opA(A[b, r]) x opB(B[b, r]) + beta * C[b]  (+ bias)
//
// The optional bias is a vector per batch b2: biasMode 1 adds bias[b2*biasS2 + i] to row i (a 1x1
// convolution's per-channel bias), biasMode 2 adds bias[b2*biasS2 + j] to column j (a dense layer's
// y = x W^T + b, whose rows are samples).
//
// Matrices are addressed through strides: element (i, p) of opA is A[aOff + i*aRow + p*aCol], element
// (p, j) of opB is B[bOff + p*bRow + j*bCol],
// and C is row-major with leading dimension ldc; bWide != 0 promises that B's rows can be read up to
// the next multiple of TN columns (padding whose products are computed and dropped), so that edge
// tiles load whole vectors too. The batch index b runs over B1 x B2 (for example
// images x groups), each level with its own stride per matrix. RB "reduction batches" are summed
// into the same C (for example the images of a mini-batch in a weight gradient). With beta == 0 the
// prior C is never read.
//
// Two kernels share these arguments:
//   gemm_nn         rows of B contiguous (bCol == 1): a TM x TN tile per work-item, B read as vectors
//                   of VW floats, the inner dimension unrolled KU times. A is read a value at a time
//                   and broadcast, so it may have any strides.
//   gemm_nn_local   as gemm_nn, with a work-group of WGM x WGN work-items staging a (WGM*TM) x KU tile
//                   of A and a KU x (WGN*TN) tile of B in local memory: worth it where local memory is
//                   on chip (GPUs); CPUs emulate it in global memory, where it mostly costs.
// Where B's columns are apart in memory (bCol != 1, a dense layer's x W^T), gemm_gather_b first copies
// it into row-major panels (a k x n copy against the product's m x n x k; a scalar strided kernel ran
// at a tenth of gemm_nn's speed on pocl).
//
// gemm_nn runs over a 1-D range of work-items in fixed-size work-groups and lets the host choose: columns fastest (consecutive work-items share
// rows of A) or rows fastest (they share a panel of B, better when the inner dimension is long, as in
// a weight gradient summed over many positions).
//
// Tuning parameters, set by the host with -D:
//   TM, TN     rows and columns of C per work-item (gemm_nn*); TN a multiple of VW
//   VW         vector width along the columns: 1, 2, 4, 8 or 16
//   KU         unrolling of the inner dimension; the depth of a local tile
//   WGM, WGN   work-group shape of gemm_nn_local
//   ROWS_FASTEST  1: consecutive gemm_nn work-items take consecutive row tiles

#ifndef TM
#define TM 4
#endif
#ifndef TN
#define TN 16
#endif
#ifndef VW
#define VW 8
#endif
#ifndef KU
#define KU 4
#endif
#ifndef WGM
#define WGM 8
#endif
#ifndef WGN
#define WGN 8
#endif
#ifndef ROWS_FASTEST
#define ROWS_FASTEST 0
#endif

#if TN % VW != 0
#error "TN must be a multiple of VW"
#endif
#define TNV (TN / VW)

#if VW == 1
typedef float vec;
#define VLOAD(p) (*(p))
#define VSTORE(v, p) (*(p) = (v))
#else
typedef CAT(float, VW) vec;
#define VLOAD(p) CAT(vload, VW)(0, p)
#define VSTORE(v, p) CAT(vstore, VW)(v, 0, p)
#endif

// Full unrolling (UNROLL, common.cl) of the small fixed loops over a tile, so that the accumulators stay in registers:
// without it pocl's LLVM keeps them in memory and the kernels run at a quarter of the speed.

// The arguments every kernel of this file takes, in this order.
#define GEMM_ARGS \
    const int M, const int N, const int K, \
    __global const float* restrict A, const long aOff, const int aRow, const int aCol, \
    const long aS1, const long aS2, const long aR, \
    __global const float* restrict B, const long bOff, const int bRow, const int bCol, \
    const long bS1, const long bS2, const long bR, \
    __global float* restrict C, const long cOff, const int ldc, const long cS1, const long cS2, \
    __global const float* restrict bias, const int biasMode, const long biasS2, \
    const int B1, const int B2, const int RB, const float alpha, const float beta, const int bWide

// Writes value v of C at (i, j) of batch (b1, b2) with alpha, beta and the bias.
inline void gemm_store(__global float* c, const long at, const float v, const int i, const int j,
                       __global const float* bias, const int biasMode, const long biasBase,
                       const float alpha, const float beta)
{
    const float prior = beta != 0.0f ? beta * c[at] : 0.0f;
    const float add = biasMode == 1 ? bias[biasBase + i] : biasMode == 2 ? bias[biasBase + j] : 0.0f;
    c[at] = alpha * v + prior + add;
}

// Writes a TM x TN tile of vector accumulators at (i0, j0): whole vectors where the tile is inside C
// (short products, such as a convolution's input gradient with few output channels, are bound by
// these stores), value by value at the right edge.
#define STORE_TILE(acc, i0, j0) do { \
    __global float* c = C + cOff + b1 * cS1 + b2 * cS2; \
    const long biasBase = b2 * biasS2; \
    UNROLL for (int t = 0; t < TM; t++) { \
        const int i = (i0) + t; \
        if (i >= M) break; \
        __global float* crow = c + (long)i * ldc + (j0); \
        if (N - (j0) >= TN) { \
            const float rowBias = biasMode == 1 ? bias[biasBase + i] : 0.0f; \
            UNROLL for (int v = 0; v < TNV; v++) { \
                vec r = (vec)(alpha) * acc[t][v] + (vec)(rowBias); \
                if (beta != 0.0f) r += (vec)(beta) * VLOAD(crow + v * VW); \
                if (biasMode == 2) r += VLOAD(bias + biasBase + (j0) + v * VW); \
                VSTORE(r, crow + v * VW); \
            } \
        } else { \
            UNROLL for (int v = 0; v < TNV; v++) { \
                float out[VW]; \
                VSTORE(acc[t][v], out); \
                UNROLL for (int e = 0; e < VW; e++) { \
                    const int j = (j0) + v * VW + e; \
                    if (j < N) gemm_store(c, (long)i * ldc + j, out[e], i, j, bias, biasMode, biasBase, alpha, beta); \
                } \
            } \
        } \
    } \
} while (0)

// One step of the inner dimension: TNV vectors of B's row q, times TM values of A's column q.
#define NN_STEP(q) do { \
    vec bv[TNV]; \
    UNROLL for (int v = 0; v < TNV; v++) bv[v] = VLOAD(bb + (long)(q) * bRow + v * VW); \
    UNROLL for (int t = 0; t < TM; t++) { \
        const vec av = (vec)(a[ai[t] + (long)(q) * aCol]); \
        UNROLL for (int v = 0; v < TNV; v++) acc[t][v] = fma(av, bv[v], acc[t][v]); \
    } \
} while (0)

// As NN_STEP for a tile cut by the right edge: columns from N on read 0.
#define NN_STEP_EDGE(q) do { \
    vec bv[TNV]; \
    UNROLL for (int v = 0; v < TNV; v++) { \
        float part[VW]; \
        UNROLL for (int e = 0; e < VW; e++) \
            part[e] = v * VW + e < nValid ? bb[(long)(q) * bRow + v * VW + e] : 0.0f; \
        bv[v] = VLOAD(part); \
    } \
    UNROLL for (int t = 0; t < TM; t++) { \
        const vec av = (vec)(a[ai[t] + (long)(q) * aCol]); \
        UNROLL for (int v = 0; v < TNV; v++) acc[t][v] = fma(av, bv[v], acc[t][v]); \
    } \
} while (0)

// items: B1 * B2 * ceil(M / TM) * ceil(N / TN); requires bCol == 1
__kernel void gemm_nn(GEMM_ARGS)
{
    const int nBlocks = (N + TN - 1) / TN, mBlocks = (M + TM - 1) / TM;
    long idx = get_global_id(0);
    if (idx >= (long)B1 * B2 * mBlocks * nBlocks) return;
#if ROWS_FASTEST
    const int i0 = (int)(idx % mBlocks) * TM; idx /= mBlocks;
    const int j0 = (int)(idx % nBlocks) * TN; idx /= nBlocks;
#else
    const int j0 = (int)(idx % nBlocks) * TN; idx /= nBlocks;
    const int i0 = (int)(idx % mBlocks) * TM; idx /= mBlocks;
#endif
    const int b2 = (int)(idx % B2), b1 = (int)(idx / B2);
    const int nValid = N - j0;

    vec acc[TM][TNV];
    UNROLL for (int t = 0; t < TM; t++)
        UNROLL for (int v = 0; v < TNV; v++) acc[t][v] = (vec)(0.0f);
    long ai[TM];
    UNROLL for (int t = 0; t < TM; t++) ai[t] = (long)(i0 + t < M ? i0 + t : 0) * aRow;

    for (int r = 0; r < RB; r++) {
        __global const float* a = A + aOff + b1 * aS1 + b2 * aS2 + r * aR;
        __global const float* bb = B + bOff + b1 * bS1 + b2 * bS2 + r * bR + j0;
        int p = 0;
        if (nValid >= TN || bWide) {
            for (; p + KU <= K; p += KU)
                UNROLL for (int u = 0; u < KU; u++) NN_STEP(p + u);
            for (; p < K; p++) NN_STEP(p);
        } else {
            for (; p < K; p++) NN_STEP_EDGE(p);
        }
    }
    STORE_TILE(acc, i0, j0);
}

// work-groups of WGM * WGN; items: B1 * B2 * ceil(M / (WGM*TM)) * ceil(N / (WGN*TN)) * WGM * WGN;
// requires bCol == 1
__kernel void gemm_nn_local(GEMM_ARGS)
{
    __local float As[KU][WGM * TM];
    __local float Bs[KU][WGN * TN];
    const int MT = WGM * TM, NT = WGN * TN;
    const int nGroups = (N + NT - 1) / NT, mGroups = (M + MT - 1) / MT;
    long grp = get_group_id(0);
    const int lid = get_local_id(0);
    const int gn = (int)(grp % nGroups); grp /= nGroups;
    const int gm = (int)(grp % mGroups); grp /= mGroups;
    const int b2 = (int)(grp % B2), b1 = (int)(grp / B2);
    // A work-group past the end (the range is whole groups) still takes part in no barrier.
    if (b1 >= B1) return;
    const int ln = lid % WGN, lm = lid / WGN;
    const int i0 = gm * MT + lm * TM, j0 = gn * NT + ln * TN;

    vec acc[TM][TNV];
    UNROLL for (int t = 0; t < TM; t++)
        UNROLL for (int v = 0; v < TNV; v++) acc[t][v] = (vec)(0.0f);

    for (int r = 0; r < RB; r++) {
        __global const float* a = A + aOff + b1 * aS1 + b2 * aS2 + r * aR;
        __global const float* bb = B + bOff + b1 * bS1 + b2 * bS2 + r * bR;
        for (int p0 = 0; p0 < K; p0 += KU) {
            // Stage the tiles, zero outside the matrices, every work-item a share.
            for (int e = lid; e < KU * MT; e += WGM * WGN) {
                const int q = e / MT, i = e % MT;
                const int gi = gm * MT + i, gp = p0 + q;
                As[q][i] = gi < M && gp < K ? a[(long)gi * aRow + (long)gp * aCol] : 0.0f;
            }
            for (int e = lid; e < KU * NT; e += WGM * WGN) {
                const int q = e / NT, j = e % NT;
                const int gj = gn * NT + j, gp = p0 + q;
                Bs[q][j] = gj < N && gp < K ? bb[(long)gp * bRow + gj] : 0.0f;
            }
            barrier(CLK_LOCAL_MEM_FENCE);
            UNROLL for (int q = 0; q < KU; q++) {
                vec bv[TNV];
                UNROLL for (int v = 0; v < TNV; v++) bv[v] = VLOAD(&Bs[q][ln * TN + v * VW]);
                UNROLL for (int t = 0; t < TM; t++) {
                    const vec av = (vec)(As[q][lm * TM + t]);
                    UNROLL for (int v = 0; v < TNV; v++) acc[t][v] = fma(av, bv[v], acc[t][v]);
                }
            }
            barrier(CLK_LOCAL_MEM_FENCE);
        }
    }
    STORE_TILE(acc, i0, j0);
}

// Rows k0 .. k0+kc-1 of opB (any strides) copied into row-major panels T[copy][p][j] of panelRows
// rows with leading dimension ldt, one panel per distinct (b1, b2, r) of B: copy = (b1 * C2 + b2) * CR
// + r, where a batch level whose stride is 0 counts once (C2 or CR = 1).
// items: copies * kc, one panel row each.
__kernel void gemm_gather_b(__global const float* restrict b, const long bOff, const int bRow, const int bCol,
                            const long bS1, const long bS2, const long bSR, const int C2, const int CR,
                            const int k0, const int kc, const int n, __global float* restrict t, const int ldt,
                            const int panelRows, const long copies)
{
    const long gid = get_global_id(0);
    if (gid >= copies * kc) return;
    const int p = (int)(gid % kc);
    const long copy = gid / kc;
    long c = copy;
    const int r = (int)(c % CR);
    c /= CR;
    const int b2 = (int)(c % C2);
    const long b1 = c / C2;
    __global const float* src = b + bOff + b1 * bS1 + b2 * bS2 + r * bSR + (long)(k0 + p) * bRow;
    __global float* dst = t + (copy * panelRows + p) * ldt;
    for (int j = 0; j < n; j++) {
        dst[j] = src[(long)j * bCol];
    }
}
