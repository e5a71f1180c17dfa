// Weight regularization, float32, in place.
//
// add_l1: grad += lambda * sign(w) (sign(0) = 0), the gradient of lambda * |w|_1.
// max_norm: each row of a [rows, cols] weight (one output unit's incoming weights) whose L2 norm
//   exceeds max_norm is scaled down to that norm (Srebro et al.; Hinton et al.'s dropout paper).
//   One work-group per row sums the squares in local memory.
//
// Tuning parameters, set by the host with -D:
//   ITEMS    elements per work-item (add_l1)
//   ROW_WG   work-group size of max_norm, a power of two

#ifndef ITEMS
#define ITEMS 4
#endif
#ifndef ROW_WG
#define ROW_WG 64
#endif

// items: ceil(count / ITEMS)
__kernel void add_l1(__global float* grad, __global const float* restrict w, const float lambda, const int count)
{
    FOR_ITEMS(i, count) {
        const float v = w[i];
        grad[i] += lambda * (float)((v > 0.0f) - (v < 0.0f));
    }
}

// items: rows * ROW_WG in work-groups of ROW_WG
__kernel void max_norm(__global float* w, const int cols, const float maxNorm)
{
    __local float partial[ROW_WG];
    const int row = get_group_id(0);
    const int lid = get_local_id(0);
    __global float* r = w + (long)row * cols;
    float s = 0.0f;
    for (int j = lid; j < cols; j += ROW_WG) s += r[j] * r[j];
    const float norm = sqrt(group_sum(partial, s, ROW_WG));
    if (norm > maxNorm) {
        const float scale = maxNorm / norm;
        for (int j = lid; j < cols; j += ROW_WG) r[j] *= scale;
    }
}
