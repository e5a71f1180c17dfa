// Activations, float32: the element-wise functions (relu, leaky_relu, elu, sigmoid, tanh, relu6, and the
// visualization rules guided_relu, deconvnet_relu) forward and backward, and softmax / log-softmax over dimension 1 of [outer, classes, inner] forward and backward.
//
// Element-wise kernels: the loop FOR_ITEMS (common.cl), ITEMS elements per work-item. One kernel per
// function, stamped from one macro, so all of them share a single program. `param` is the leaky slope or the ELU alpha (ignored by the others).
//
// Backward kernels read what the derivative is cheapest from: the input x for relu, leaky_relu and elu,
// the output y for sigmoid and tanh. At exactly x == 0 they take PyTorch's x <= 0 branch
// (relu 0, leaky_relu slope, elu alpha).
//
// Softmax kernels: one work-group of ROW_WG work-items per row (a fixed (outer, inner) position); the
// row max, the sum of exponentials and the backward dot products are tree reductions in local memory.
// Subtracting the row max keeps exp() finite for logits in the hundreds.
//
// Tuning parameters, set by the host with -D:
//   ITEMS   elements per work-item (element-wise kernels)
//   ROW_WG  work-group size of the softmax kernels (a power of two)

#ifndef ITEMS
#define ITEMS 4
#endif
#ifndef ROW_WG
#define ROW_WG 64
#endif

#define ELEMENTWISE_ACTIVATION(NAME, FORWARD, BACKWARD)                                                   \
__kernel void NAME##_forward(__global const float* restrict x, __global float* restrict y,               \
                             const int count, const float param)                                         \
{                                                                                                         \
    FOR_ITEMS(i, count) {                                                                                 \
        const float v = x[i];                                                                             \
        y[i] = (FORWARD);                                                                                 \
    }                                                                                                     \
}                                                                                                         \
__kernel void NAME##_backward(__global const float* restrict saved, __global const float* restrict dy,   \
                              __global float* restrict dx, const int count, const float param)           \
{                                                                                                         \
    FOR_ITEMS(i, count) {                                                                                 \
        const float v = saved[i];                                                                         \
        const float g = dy[i];                                                                            \
        dx[i] = (BACKWARD);                                                                               \
    }                                                                                                     \
}

// v is x (forward and the backward of relu, leaky_relu, elu) or y (backward of sigmoid and tanh); g is dy.
// "v <= 0 ? 0 : v" rather than "v > 0 ? v : 0" so that a NaN input stays NaN.
ELEMENTWISE_ACTIVATION(relu, v <= 0.0f ? 0.0f : v, v <= 0.0f ? 0.0f : g)
ELEMENTWISE_ACTIVATION(leaky_relu, v > 0.0f ? v : v * param, v > 0.0f ? g : g * param)
// expm1 keeps the small negative values accurate, where exp(v) - 1 would cancel.
ELEMENTWISE_ACTIVATION(elu, v > 0.0f ? v : param * expm1(v), v > 0.0f ? g : g * param * exp(v))
// Two forms so that exp never overflows: exp(-|v|) is at most 1.
ELEMENTWISE_ACTIVATION(sigmoid, v >= 0.0f ? 1.0f / (1.0f + exp(-v)) : exp(v) / (1.0f + exp(v)), g * v * (1.0f - v))
ELEMENTWISE_ACTIVATION(tanh, tanh(v), g * (1.0f - v * v))
// The visualization rules: relu forward, a backward that is not the derivative. Guided backpropagation
// passes only positive gradients where x > 0; the deconvnet passes the positive gradients whatever x.
ELEMENTWISE_ACTIVATION(guided_relu, v <= 0.0f ? 0.0f : v, v <= 0.0f || g <= 0.0f ? 0.0f : g)
ELEMENTWISE_ACTIVATION(deconvnet_relu, v <= 0.0f ? 0.0f : v, g <= 0.0f ? 0.0f : g)
// MobileNet's ReLU6, PyTorch's hardtanh(0, 6): no gradient at or beyond either end. v may be x or y (y is 0
// or 6 exactly where x is at or beyond an end).
ELEMENTWISE_ACTIVATION(relu6, v <= 0.0f ? 0.0f : (v >= 6.0f ? 6.0f : v), v <= 0.0f || v >= 6.0f ? 0.0f : g)

// y = exp(x - max) / sum(exp(x - max)), or with logSoftmax: y = x - max - log(sum(exp(x - max))).
// Row r is (o, j) = (r / inner, r % inner); its class c sits at (o * classes + c) * inner + j.
// items: outer * inner * ROW_WG in work-groups of ROW_WG
__kernel void softmax_forward(__global const float* restrict x, __global float* restrict y,
                              const int classes, const int inner, const int logSoftmax)
{
    __local float scratch[ROW_WG];
    const int row = get_group_id(0);
    const int lid = get_local_id(0);
    const long base = (long)(row / inner) * classes * inner + row % inner;
    __global const float* xr = x + base;
    __global float* yr = y + base;

    float m = -INFINITY;
    for (int c = lid; c < classes; c += ROW_WG) m = fmax(m, xr[(long)c * inner]);
    m = group_max(scratch, m, ROW_WG);
    float s = 0.0f;
    for (int c = lid; c < classes; c += ROW_WG) s += exp(xr[(long)c * inner] - m);
    s = group_sum(scratch, s, ROW_WG);
    if (logSoftmax) {
        const float shift = m + log(s);
        for (int c = lid; c < classes; c += ROW_WG) yr[(long)c * inner] = xr[(long)c * inner] - shift;
    } else {
        const float inv = 1.0f / s;
        for (int c = lid; c < classes; c += ROW_WG) yr[(long)c * inner] = exp(xr[(long)c * inner] - m) * inv;
    }
}

// From the forward output y: softmax dx = y * (dy - sum(dy * y)); log-softmax dx = dy - exp(y) * sum(dy).
// items: outer * inner * ROW_WG in work-groups of ROW_WG
__kernel void softmax_backward(__global const float* restrict y, __global const float* restrict dy,
                               __global float* restrict dx, const int classes, const int inner,
                               const int logSoftmax)
{
    __local float scratch[ROW_WG];
    const int row = get_group_id(0);
    const int lid = get_local_id(0);
    const long base = (long)(row / inner) * classes * inner + row % inner;
    __global const float* yr = y + base;
    __global const float* dyr = dy + base;
    __global float* dxr = dx + base;

    float s = 0.0f;
    for (int c = lid; c < classes; c += ROW_WG) {
        const long at = (long)c * inner;
        s += logSoftmax ? dyr[at] : dyr[at] * yr[at];
    }
    s = group_sum(scratch, s, ROW_WG);
    for (int c = lid; c < classes; c += ROW_WG) {
        const long at = (long)c * inner;
        dxr[at] = logSoftmax ? dyr[at] - exp(yr[at]) * s : yr[at] * (dyr[at] - s);
    }
}
