// Element-wise and structural kernels, float32: sum of two tensors, accumulation in place
// (target += alpha * source), multiplication by a scalar (in place when x and y are one buffer), and
// a strided block copy that concatenates tensors along dimension 1 and splits them again.
//
// Work-group g covers ITEMS * local_size consecutive elements; work-item l handles elements
// l, l + local_size, ... of that span, so neighbouring work-items touch neighbouring values.
// Buffers that may be the same (accumulate, scale in place) are not declared restrict.
//
// Tuning parameter, set by the host with -D:
//   ITEMS  elements per work-item

#ifndef ITEMS
#define ITEMS 4
#endif

#define FOR_MY_ELEMENTS(i, count)                                               \
    const long step_ = get_local_size(0);                                       \
    long i = (long)get_group_id(0) * step_ * ITEMS + get_local_id(0);           \
    for (int k_ = 0; k_ < ITEMS; k_++, i += step_) if (i < (count))

// c = a + b
// items: ceil(count / ITEMS)
__kernel void add(__global const float* restrict a, __global const float* restrict b, __global float* restrict c,
                  const int count)
{
    FOR_MY_ELEMENTS(i, count) {
        c[i] = a[i] + b[i];
    }
}

// target += alpha * source (target and source may be one buffer)
// items: ceil(count / ITEMS)
__kernel void accumulate(__global float* target, __global const float* source, const float alpha,
                         const int count)
{
    FOR_MY_ELEMENTS(i, count) {
        target[i] += alpha * source[i];
    }
}

// y = alpha * x (x and y may be one buffer)
// items: ceil(count / ITEMS)
__kernel void scale(__global const float* x, __global float* y, const float alpha, const int count)
{
    FOR_MY_ELEMENTS(i, count) {
        y[i] = alpha * x[i];
    }
}

// dst[dstOffset + r * dstStride + j] = src[srcOffset + r * srcStride + j] for r < rows, j < rowLength.
// Concatenation along dimension 1 of [N, C_i, inner] tensors copies each input's rows of C_i * inner
// values into rows of C * inner values at offset (sum of the earlier C_i) * inner; the split copies back.
// items: ceil(rows * rowLength / ITEMS)
__kernel void copy_rows(__global const float* restrict src, const long srcOffset, const long srcStride,
                        __global float* restrict dst, const long dstOffset, const long dstStride,
                        const int rows, const int rowLength)
{
    const long total = (long)rows * rowLength;
    FOR_MY_ELEMENTS(e, total) {
        const long r = e / rowLength, j = e % rowLength;
        dst[dstOffset + r * dstStride + j] = src[srcOffset + r * srcStride + j];
    }
}
