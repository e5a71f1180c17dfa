// Dilation phases ("space to batch", as TensorFlow's atrous convolution): a stride-1 convolution
// with dilation (dH, dW) on an H x W image is an undilated one on each of its dH*dW phase images,
// the values at rows a, a + dH, ... and columns b, b + dW, ... (when dH divides H and the padding,
// and likewise across). The phases are stored as images of their own, image n's phase (a, b) at
// batch index (n*dH + a)*dW + b:
//
//   split_phases  p[(n*dH + a)*dW + b, c, i, left + j] = x[n, c, i*dH + a, j*dW + b], rows of p Wq
//                 wide with zeros in the margins (left, and past the values)
//   merge_phases  the inverse without margins, x from p.
//
// Both are plain copies over 3-D ranges (no division per value): each work-item moves VEC phase
// columns of every column phase b of one input row, i.e. dW*VEC neighbouring values of the row, so
// the row side is read or written as whole vectors; for dW = 2 the phases are the even and odd lanes.
//
// Tuning parameters, set by the host with -D: VEC (4 or 8), the phase columns per work-item.

// floatV, float2V, vloadV, vstoreV, vload2V, vstore2V and INTERLEAVE come from common.cl.

// range: (ceil(W / dW / VEC), H rounded up to work-groups, N * C). Each phase row is stored Wq wide,
// its values at columns left .. left + W/dW - 1 and zeros around them, so that a later kernel can
// load whole vectors where it would otherwise test each column against the row's ends.
__kernel void split_phases(__global const float* restrict x, __global float* restrict p,
                           const int C, const int H, const int W, const int dH, const int dW,
                           const int Wq, const int left)
{
    const int j0 = get_global_id(0) * VEC, iy = get_global_id(1), z = get_global_id(2);
    const int Hp = H / dH, Wp = W / dW;
    if (j0 >= Wp || iy >= H) return;
    const int n = z / C, c = z - n * C, i = iy / dH, a = iy - i * dH;
    __global const float* src = x + ((long)z * H + iy) * W + (long)j0 * dW;
    // Phase (a, b) of image n is image (n*dH + a)*dW + b of p; phase b + 1 is one image of p on.
    const long phaseStride = (long)C * Hp * Wq;
    __global float* row = p + (((long)n * dH + a) * dW * C + c) * Hp * Wq + (long)i * Wq;
    __global float* dst = row + left + j0;
    const int count = min(VEC, Wp - j0);
    if (dW == 2 && count == VEC) {
        const float2V v = vload2V(0, src);
        vstoreV(v.even, 0, dst);
        vstoreV(v.odd, 0, dst + phaseStride);
    } else if (dW == 1 && count == VEC) {
        vstoreV(vloadV(0, src), 0, dst);
    } else {
        for (int b = 0; b < dW; b++) {
            __global float* d = dst + b * phaseStride;
            for (int s = 0; s < count; s++) d[s] = src[s * dW + b];
        }
    }
    // The margins: the first work-item of the row writes the left one, the last the right one.
    for (int b = 0; b < dW; b++) {
        __global float* r = row + b * phaseStride;
        if (j0 == 0) {
            for (int s = 0; s < left; s++) r[s] = 0.0f;
        }
        if (j0 + count == Wp) {
            for (int s = left + Wp; s < Wq; s++) r[s] = 0.0f;
        }
    }
}

// range: (ceil(W / dW / VEC), H rounded up to work-groups, N * C); writes every value of x.
__kernel void merge_phases(__global const float* restrict p, __global float* restrict x,
                           const int C, const int H, const int W, const int dH, const int dW)
{
    const int j0 = get_global_id(0) * VEC, iy = get_global_id(1), z = get_global_id(2);
    const int Hp = H / dH, Wp = W / dW;
    if (j0 >= Wp || iy >= H) return;
    const int n = z / C, c = z - n * C, i = iy / dH, a = iy - i * dH;
    __global float* dst = x + ((long)z * H + iy) * W + (long)j0 * dW;
    const long phaseStride = (long)C * Hp * Wp;
    __global const float* src = p + (((long)n * dH + a) * dW * C + c) * Hp * Wp + (long)i * Wp + j0;
    const int count = min(VEC, Wp - j0);
    if (dW == 2 && count == VEC) {
        vstore2V(shuffle2(vloadV(0, src), vloadV(0, src + phaseStride), INTERLEAVE), 0, dst);
        return;
    }
    for (int b = 0; b < dW; b++) {
        __global const float* s0 = src + b * phaseStride;
        for (int s = 0; s < count; s++) dst[s * dW + b] = s0[s];
    }
}
