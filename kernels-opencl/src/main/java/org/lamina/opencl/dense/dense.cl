// Fully connected layers, y = x W^T + b, x [N, in], W [out, in], y [N, out], float32 row-major.
//
// The three products (forward, input gradient dy W, weight gradient dy^T x) run on the GEMM kernel
// (gemm/gemm.cl) with transposed views; this file holds what is not a product: the bias gradient,
// db[j] = sum over n of dy[n, j].
//
// Each work-item owns COLS_PER_ITEM adjacent columns and walks down the rows, so consecutive
// work-items read consecutive addresses of a row (coalesced) and no two write the same value; no
// atomics are needed. The row loop stays inside one work-item because batches are modest and a
// fixed order keeps the sum identical from run to run.
//
// Tuning parameters, set by the host with -D:
//   COLS_PER_ITEM  columns summed by one work-item

#ifndef COLS_PER_ITEM
#define COLS_PER_ITEM 1
#endif

// items: ceil(OUT / COLS_PER_ITEM)
__kernel void dense_bias_grad(__global const float* restrict dy, __global float* restrict db,
                              const int N, const int OUT)
{
    const long item = get_global_id(0);
    const long blocks = (OUT + COLS_PER_ITEM - 1) / COLS_PER_ITEM;
    if (item >= blocks) return;
    // Item b sums columns b, b + blocks, b + 2*blocks, ...: neighbours stay on neighbouring columns.
    float acc[COLS_PER_ITEM];
    for (int u = 0; u < COLS_PER_ITEM; u++) acc[u] = 0.0f;
    for (int n = 0; n < N; n++) {
        __global const float* row = dy + (long)n * OUT;
        for (int u = 0; u < COLS_PER_ITEM; u++) {
            const long j = item + u * blocks;
            if (j < OUT) acc[u] += row[j];
        }
    }
    for (int u = 0; u < COLS_PER_ITEM; u++) {
        const long j = item + u * blocks;
        if (j < OUT) db[j] = acc[u];
    }
}
