// 3-D convolution, NCDHW activations, weight [K, C/groups, kD, kH, kW], direct kernels:
//
//   conv3d_forward          one output value per work-item: the bias plus every tap of its group
//   conv3d_backward_data    one input value per work-item, a gather: the taps whose forward read
//                           landed on it (no atomics, no zeroed output needed)
//   conv3d_backward_filter  one weight per work-item and part of the batch; the host sums the parts
//                           (sum_partials in im2col.cl) when the weights alone are too few items
//
// Ranges are 3-D, (positions in an H x W plane rounded up to the work-group, depth, images x channels),
// so that a work-item divides once to find its row and column. Sums run in float, in a fixed order.
// The range of outputs a tap reaches along one axis is computed once (first_out/end_out) instead of
// testing every position.

// The first output position o >= 0 with o*s + off >= 0.
inline int first_out(const int off, const int s) {
    return off >= 0 ? 0 : (-off + s - 1) / s;
}

// One past the last output position o < outSize with o*s + off < size.
inline int end_out(const int off, const int s, const int size, const int outSize) {
    return (size - 1 - off) >= 0 ? min(outSize, (size - 1 - off) / s + 1) : 0;
}

// range: (OH*OW, OD, N*K)
__kernel void conv3d_forward(__global const float* restrict x, __global const float* restrict w,
                             __global const float* restrict bias, __global float* restrict y,
                             const int C, const int D, const int H, const int W,
                             const int K, const int OD, const int OH, const int OW,
                             const int kD, const int kH, const int kW, const int sD, const int sH, const int sW,
                             const int pD, const int pH, const int pW, const int dD, const int dH, const int dW,
                             const int groups, const int hasBias)
{
    const int q = get_global_id(0), z = get_global_id(1), nk = get_global_id(2);
    if (q >= OH * OW) return;
    const int u = q / OW, v = q - u * OW, n = nk / K, k = nk - n * K;
    const int Cg = C / groups, Kg = K / groups, g = k / Kg;
    float s = hasBias ? bias[k] : 0.0f;
    for (int c = 0; c < Cg; c++) {
        __global const float* xc = x + ((long)n * C + g * Cg + c) * D * H * W;
        __global const float* wc = w + ((long)k * Cg + c) * kD * kH * kW;
        for (int a = 0; a < kD; a++) {
            const int id = z * sD - pD + a * dD;
            if (id < 0 || id >= D) continue;
            for (int b = 0; b < kH; b++) {
                const int ih = u * sH - pH + b * dH;
                if (ih < 0 || ih >= H) continue;
                __global const float* xrow = xc + ((long)id * H + ih) * W;
                __global const float* wrow = wc + (a * kH + b) * kW;
                for (int e = 0; e < kW; e++) {
                    const int iw = v * sW - pW + e * dW;
                    if (iw >= 0 && iw < W) s += wrow[e] * xrow[iw];
                }
            }
        }
    }
    y[(((long)nk * OD + z) * OH + u) * OW + v] = s;
}

// dx[n, c, id, ih, iw] = sum over k in c's group and taps (a, b, e) with id + pD - a*dD = z*sD (and so on)
// inside the output of dy[n, k, z, u, v] * w[k, c % Cg, a, b, e].
// range: (H*W, D, N*C)
__kernel void conv3d_backward_data(__global const float* restrict dy, __global const float* restrict w,
                                   __global float* restrict dx,
                                   const int C, const int D, const int H, const int W,
                                   const int K, const int OD, const int OH, const int OW,
                                   const int kD, const int kH, const int kW, const int sD, const int sH, const int sW,
                                   const int pD, const int pH, const int pW, const int dD, const int dH, const int dW,
                                   const int groups)
{
    const int q = get_global_id(0), id = get_global_id(1), nc = get_global_id(2);
    if (q >= H * W) return;
    const int ih = q / W, iw = q - ih * W, n = nc / C, c = nc - n * C;
    const int Cg = C / groups, Kg = K / groups, g = c / Cg, cl = c - g * Cg;
    float s = 0.0f;
    for (int a = 0; a < kD; a++) {
        const int tz = id + pD - a * dD;
        if (tz < 0 || tz % sD != 0 || tz / sD >= OD) continue;
        const int z = tz / sD;
        for (int b = 0; b < kH; b++) {
            const int tu = ih + pH - b * dH;
            if (tu < 0 || tu % sH != 0 || tu / sH >= OH) continue;
            const int u = tu / sH;
            for (int e = 0; e < kW; e++) {
                const int tv = iw + pW - e * dW;
                if (tv < 0 || tv % sW != 0 || tv / sW >= OW) continue;
                const int v = tv / sW;
                for (int k = g * Kg; k < (g + 1) * Kg; k++) {
                    s += dy[((((long)n * K + k) * OD + z) * OH + u) * OW + v]
                            * w[((((long)k * Cg + cl) * kD + a) * kH + b) * kW + e];
                }
            }
        }
    }
    dx[(((long)nc * D + id) * H + ih) * W + iw] = s;
}

// part[p, k, c, a, b, e] = sum over the images n0 <= n < n1 of part p and the output positions of
// dy[n, k, z, u, v] * x[n, g*Cg + c, z*sD - pD + a*dD, u*sH - pH + b*dH, v*sW - pW + e*dW].
// range: (Cg*kD*kH*kW, K, parts); images per part: perPart (the last part may have fewer)
__kernel void conv3d_backward_filter(__global const float* restrict x, __global const float* restrict dy,
                                     __global float* restrict part,
                                     const int N, const int C, const int D, const int H, const int W,
                                     const int K, const int OD, const int OH, const int OW,
                                     const int kD, const int kH, const int kW, const int sD, const int sH,
                                     const int sW, const int pD, const int pH, const int pW, const int dD,
                                     const int dH, const int dW, const int groups, const int perPart)
{
    const int Cg = C / groups, taps = kD * kH * kW;
    const int r = get_global_id(0), k = get_global_id(1), p = get_global_id(2);
    if (r >= Cg * taps) return;
    const int c = r / taps, t = r - c * taps;
    const int a = t / (kH * kW), b = (t / kW) % kH, e = t % kW;
    const int g = k / (K / groups);
    const int offD = a * dD - pD, offH = b * dH - pH, offW = e * dW - pW;
    const int z0 = first_out(offD, sD), z1 = end_out(offD, sD, D, OD);
    const int u0 = first_out(offH, sH), u1 = end_out(offH, sH, H, OH);
    const int v0 = first_out(offW, sW), v1 = end_out(offW, sW, W, OW);
    const int n0 = p * perPart, n1 = min(N, n0 + perPart);
    float s = 0.0f;
    for (int n = n0; n < n1; n++) {
        const long xc = ((long)n * C + g * Cg + c) * D * H * W;
        const long dyk = ((long)n * K + k) * OD * OH * OW;
        for (int z = z0; z < z1; z++) {
            for (int u = u0; u < u1; u++) {
                // x index of output column v: xrow + v*sW, inside the row for v0 <= v < v1
                const long xrow = xc + ((long)(z * sD + offD) * H + (u * sH + offH)) * W + offW;
                const long dyrow = dyk + ((long)z * OH + u) * OW;
                for (int v = v0; v < v1; v++) s += dy[dyrow + v] * x[xrow + v * sW];
            }
        }
    }
    part[((long)p * K + k) * Cg * taps + r] = s;
}

// dw[i] = sum over s < S of partial[s*size + i]
// items: size
__kernel void conv3d_sum_parts(__global const float* restrict part, __global float* restrict dw,
                               const long size, const int S)
{
    const long i = get_global_id(0);
    if (i >= size) return;
    float sum = 0.0f;
    for (int s = 0; s < S; s++) sum += part[s * size + i];
    dw[i] = sum;
}
