// Batched, strided single-precision matrix product, register-blocked:
//
//   C[b] = alpha * sum over r < RB of opA(A[b, r]) x opB(B[b, r]) + beta * C[b]  (+ bias)
//
// The optional bias is a vector per batch b2: biasMode 1 adds bias[b2*biasS2 + i] to row i (a 1x1
// convolution's per-channel bias), biasMode 2 adds bias[b2*biasS2 + j] to column j (a dense layer's
// y = x W^T + b, whose rows are samples).
//
// Matrices are addressed through strides, so one kernel serves every transposition:
// element (i, p) of opA is A[aOff + i*aRow + p*aCol], element (p, j) of opB is B[bOff + p*bRow + j*bCol],
// and C is row-major with leading dimension ldc. The batch index b runs over B1 x B2 (for example
// images x groups), each level with its own stride per matrix. RB "reduction batches" are summed
// into the same C (for example the images of a mini-batch in a weight gradient).
//
// Each work-item computes a TM x TN tile of C, keeping the tile in registers and loading TM values
// of A and TN values of B per step of the inner dimension.
//
// The kernel runs over a 1-D range of work-items in fixed-size work-groups; the column tile varies
// fastest.
//
// Tuning parameters, set by the host with -D:
//   TM   rows of C per work-item
//   TN   columns of C per work-item

#ifndef TM
#define TM 4
#endif
#ifndef TN
#define TN 4
#endif

// items: B1 * B2 * ceil(M / TM) * ceil(N / TN)
__kernel void gemm(const int M, const int N, const int K,
                   __global const float* restrict A, const long aOff, const int aRow, const int aCol,
                   const long aS1, const long aS2, const long aR,
                   __global const float* restrict B, const long bOff, const int bRow, const int bCol,
                   const long bS1, const long bS2, const long bR,
                   __global float* restrict C, const long cOff, const int ldc, const long cS1, const long cS2,
                   __global const float* restrict bias, const int biasMode, const long biasS2,
                   const int B1, const int B2, const int RB, const float alpha, const float beta)
{
    const int nBlocks = (N + TN - 1) / TN, mBlocks = (M + TM - 1) / TM;
    long idx = get_global_id(0);
    if (idx >= (long)B1 * B2 * mBlocks * nBlocks) return;
    const int j0 = (int)(idx % nBlocks) * TN; idx /= nBlocks;
    const int i0 = (int)(idx % mBlocks) * TM; idx /= mBlocks;
    const int b2 = (int)(idx % B2), b1 = (int)(idx / B2);

    float acc[TM][TN];
    for (int t = 0; t < TM; t++)
        for (int u = 0; u < TN; u++) acc[t][u] = 0.0f;

    // Rows and columns past the edge read row/column 0 instead (always valid) and are not written.
    int ai[TM], bj[TN];
    for (int t = 0; t < TM; t++) ai[t] = (i0 + t < M ? i0 + t : 0) * aRow;
    for (int u = 0; u < TN; u++) bj[u] = (j0 + u < N ? j0 + u : 0) * bCol;

    for (int r = 0; r < RB; r++) {
        __global const float* a = A + aOff + b1 * aS1 + b2 * aS2 + r * aR;
        __global const float* bb = B + bOff + b1 * bS1 + b2 * bS2 + r * bR;
        for (int p = 0; p < K; p++) {
            float av[TM], bv[TN];
            for (int t = 0; t < TM; t++) av[t] = a[ai[t] + (long)p * aCol];
            for (int u = 0; u < TN; u++) bv[u] = bb[(long)p * bRow + bj[u]];
            for (int t = 0; t < TM; t++)
                for (int u = 0; u < TN; u++) acc[t][u] += av[t] * bv[u];
        }
    }

    __global float* c = C + cOff + b1 * cS1 + b2 * cS2;
    for (int t = 0; t < TM; t++) {
        const int i = i0 + t;
        if (i >= M) break;
        const float rowBias = biasMode == 1 ? bias[b2 * biasS2 + i] : 0.0f;
        for (int u = 0; u < TN; u++) {
            const int j = j0 + u;
            if (j >= N) break;
            const long at = (long)i * ldc + j;
            const float prior = beta != 0.0f ? beta * c[at] : 0.0f;
            const float add = biasMode == 2 ? bias[b2 * biasS2 + j] : rowBias;
            c[at] = alpha * acc[t][u] + prior + add;
        }
    }
}
