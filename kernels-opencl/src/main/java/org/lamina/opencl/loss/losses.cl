// Losses with the gradient of their input, mean reduction as PyTorch, float32.
//
//   softmax_cross_entropy  logits [N, C], labels [N] -> grad [N, C], rowLoss [N]
//   multi_margin           logits [N, C], labels [N] -> grad [N, C], rowLoss [N]   (p = 1)
//   mse                    input, target [count]     -> gradInput, gradTarget [count], partial [groups]
//   pixel_cross_entropy    logits [N, C, P], labels [N, P] -> grad [N, C, P], partial [groups]
//   sum_scaled             values [count]            -> out[0] = scale * sum(values)
//
// A loss is two launches: the first writes one partial loss per row (or per work-group), the second
// (sum_scaled, one work-group) adds them up in a fixed order and scales them into the mean. No float
// atomics, and the result does not depend on scheduling.
//
// The per-row kernels run one work-group of ROW_WG work-items per row: the items stride over the
// classes and combine their partial maxima and sums in local memory, so rows of thousands of classes
// (ImageNet) are spread over the group. ROW_WG must equal the launch's work-group size.
//
// Labels are float32 holding exact integers; a label that is not one, or lies outside [0, C), makes
// its row's loss and gradient NaN (the host validates labels before launching; this only keeps the
// kernel from reading out of bounds).
//
// Tuning parameters, set by the host with -D:
//   ROW_WG  work-group size of every kernel here (a power of two)

#ifndef ROW_WG
#define ROW_WG 64
#endif

// Row reductions are group_sum and group_max (common.cl) over ROW_WG work-items.

// The class index a label holds, or -1 when it is not an integer in [0, C).
inline int class_index(const float label, const int C)
{
    // Range first: converting a float outside the int range is undefined. NaN fails every comparison.
    return (label >= 0.0f && label < (float)C && label == floor(label)) ? (int)label : -1;
}

// groups: N, each of ROW_WG items
__kernel void softmax_cross_entropy(__global const float* restrict logits, __global const float* restrict labels,
                                    __global float* restrict grad, __global float* restrict rowLoss,
                                    const int C, const float invN)
{
    __local float red[ROW_WG];
    const int n = get_group_id(0), lid = get_local_id(0);
    __global const float* x = logits + (long)n * C;
    __global float* g = grad + (long)n * C;

    float m = -INFINITY;
    for (int i = lid; i < C; i += ROW_WG) m = fmax(m, x[i]);
    m = group_max(red, m, ROW_WG);

    float s = 0.0f;
    for (int i = lid; i < C; i += ROW_WG) s += exp(x[i] - m);
    s = group_sum(red, s, ROW_WG);

    const int y = class_index(labels[n], C);
    const float invS = 1.0f / s;
    for (int i = lid; i < C; i += ROW_WG) {
        const float p = exp(x[i] - m) * invS;
        g[i] = y < 0 ? NAN : (p - (i == y ? 1.0f : 0.0f)) * invN;
    }
    // logsumexp - x_y, with the row maximum cancelled before the log is added.
    if (lid == 0) rowLoss[n] = y < 0 ? NAN : (m - x[y]) + log(s);
}

// groups: N, each of ROW_WG items. gradScale = 1/(C N), invC = 1/C.
__kernel void multi_margin(__global const float* restrict logits, __global const float* restrict labels,
                           __global float* restrict grad, __global float* restrict rowLoss,
                           const int C, const float margin, const float gradScale, const float invC)
{
    __local float sums[ROW_WG];
    __local float counts[ROW_WG];
    const int n = get_group_id(0), lid = get_local_id(0);
    __global const float* x = logits + (long)n * C;
    __global float* g = grad + (long)n * C;
    const int y = class_index(labels[n], C);
    const float xy = y < 0 ? NAN : x[y];

    float s = 0.0f, active = 0.0f;
    for (int i = lid; i < C; i += ROW_WG) {
        if (i == y) continue; // written below, once the row's active terms are counted
        const float z = margin - xy + x[i];
        const int on = z > 0.0f;
        if (on) {
            s += z;
            active += 1.0f;
        }
        g[i] = y < 0 ? NAN : (on ? gradScale : 0.0f);
    }
    sums[lid] = s;
    counts[lid] = active;
    for (int stride = ROW_WG / 2; stride > 0; stride >>= 1) {
        barrier(CLK_LOCAL_MEM_FENCE);
        if (lid < stride) {
            sums[lid] += sums[lid + stride];
            counts[lid] += counts[lid + stride];
        }
    }
    barrier(CLK_LOCAL_MEM_FENCE);
    if (lid == 0) {
        if (y >= 0) g[y] = -counts[0] * gradScale;
        rowLoss[n] = y < 0 ? NAN : sums[0] * invC;
    }
}

// items: groups * ROW_WG (grid-stride over count). gradScale = 2/count.
__kernel void mse(__global const float* restrict input, __global const float* restrict target,
                  __global float* restrict gradInput, __global float* restrict gradTarget,
                  __global float* restrict partial, const long count, const float gradScale)
{
    __local float red[ROW_WG];
    const int lid = get_local_id(0);
    const long total = get_global_size(0);
    float s = 0.0f;
    for (long i = get_global_id(0); i < count; i += total) {
        const float d = input[i] - target[i];
        s += d * d;
        const float gi = gradScale * d;
        gradInput[i] = gi;
        gradTarget[i] = -gi;
    }
    s = group_sum(red, s, ROW_WG);
    if (lid == 0) partial[get_group_id(0)] = s;
}

// Cross-entropy per position (PyTorch's cross_entropy over [N, C, d1, ...] with ignore_index = -1): the
// P = d1 * ... positions of each sample are flattened, a label of -1 makes its position not count, and
// invCount = 1 / (positions that count), which the host knows from the labels (0 when none count).
// items: groups * ROW_WG, grid-stride over N * P positions; each item loops over the C classes of its
// position (stride P apart, so neighbouring items read neighbouring values).
__kernel void pixel_cross_entropy(__global const float* restrict logits, __global const float* restrict labels,
                                  __global float* restrict grad, __global float* restrict partial,
                                  const int C, const long P, const long total, const float invCount)
{
    __local float red[ROW_WG];
    const int lid = get_local_id(0);
    const long stride = get_global_size(0);
    float s = 0.0f;
    for (long i = get_global_id(0); i < total; i += stride) {
        const long n = i / P, p = i - n * P;
        __global const float* x = logits + n * C * P + p;
        __global float* g = grad + n * C * P + p;
        const float label = labels[i];
        const int ignored = label == -1.0f;
        const int y = class_index(label, C);
        float m = -INFINITY;
        for (int c = 0; c < C; c++) m = fmax(m, x[c * P]);
        float e = 0.0f;
        for (int c = 0; c < C; c++) e += exp(x[c * P] - m);
        const float invE = 1.0f / e;
        for (int c = 0; c < C; c++) {
            const float q = exp(x[c * P] - m) * invE;
            g[c * P] = ignored ? 0.0f : y < 0 ? NAN : (q - (c == y ? 1.0f : 0.0f)) * invCount;
        }
        if (!ignored) s += y < 0 ? NAN : (m - x[y * P]) + log(e);
    }
    s = group_sum(red, s, ROW_WG);
    if (lid == 0) partial[get_group_id(0)] = s;
}

// groups: 1 of ROW_WG items
__kernel void sum_scaled(__global const float* restrict values, const int count, const float scale,
                         __global float* restrict out)
{
    __local float red[ROW_WG];
    const int lid = get_local_id(0);
    float s = 0.0f;
    for (int i = lid; i < count; i += ROW_WG) s += values[i];
    s = group_sum(red, s, ROW_WG);
    if (lid == 0) out[0] = s * scale;
}
