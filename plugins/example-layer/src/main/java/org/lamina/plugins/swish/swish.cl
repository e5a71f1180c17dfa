// Swish (Ramachandran et al., 2017): y = x * sigmoid(beta * x), forward and backward.
//
// Tuning parameter, set by the host (SwishKernels) as a -D define:
//   ITEMS  values per work-item

#ifndef ITEMS
#define ITEMS 4
#endif

// 1 / (1 + exp(-z)) without overflow warnings: exp of a large positive argument is inf and the
// quotient is 0, which is the limit.
inline float sigmoid(const float z) {
    return 1.0f / (1.0f + exp(-z));
}

// y[i] = x[i] * sigmoid(beta * x[i]) for i < count.
__kernel void swish_forward(const int count, const float beta, __global const float* restrict x,
                            __global float* restrict y) {
    const int base = (int) get_global_id(0) * ITEMS;
    for (int k = 0; k < ITEMS; ++k) {
        const int i = base + k;
        if (i < count) {
            const float v = x[i];
            y[i] = v * sigmoid(beta * v);
        }
    }
}

// dx[i] = dy[i] * (s + beta * x * s * (1 - s)) with s = sigmoid(beta * x[i]).
__kernel void swish_backward(const int count, const float beta, __global const float* restrict x,
                             __global const float* restrict dy, __global float* restrict dx) {
    const int base = (int) get_global_id(0) * ITEMS;
    for (int k = 0; k < ITEMS; ++k) {
        const int i = base + k;
        if (i < count) {
            const float v = x[i];
            const float s = sigmoid(beta * v);
            dx[i] = dy[i] * (s + beta * v * s * (1.0f - s));
        }
    }
}
