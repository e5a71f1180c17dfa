// Batch normalization per channel over [N, C, inner] (inner = H * W), float32.
//
// Reductions (batchnorm_stats, batchnorm_backward_reduce) run one work-group of REDUCE_WG per channel:
// work-item l takes the channel's values l, l + REDUCE_WG, ... (the channel's N * inner values taken
// as one list), adds them with Kahan compensation, and the work-group adds the partial sums as a
// tree in local memory. The variance is the corrected two-pass formula
// (sum d^2 - (sum d)^2 / n) / n with d = x - mean, accurate where the one-pass sum of squares cancels.
//
// Element-wise kernels (batchnorm_forward, batchnorm_backward_data): work-group g covers ITEMS *
// local_size consecutive values; work-item l handles values l, l + local_size, ... of that span.
//
// Tuning parameters, set by the host with -D:
//   REDUCE_WG  work-group size of the reductions (a power of two)
//   ITEMS      values per work-item of the element-wise kernels

#ifndef REDUCE_WG
#define REDUCE_WG 64
#endif
#ifndef ITEMS
#define ITEMS 4
#endif

// Kahan summation: sum + v, with the rounding error carried in *comp.
static float kahan_add(float sum, float v, float* comp)
{
    const float yv = v - *comp;
    const float t = sum + yv;
    *comp = (t - sum) - yv;
    return t;
}

// mean[c] and invStd[c] = 1 / sqrt(biased variance + eps) of channel c over N and inner; with
// updateRunning, also runningMean = (1 - momentum) runningMean + momentum mean and runningVar likewise
// with the unbiased variance (factor n / (n - 1)), in place.
// items: C * REDUCE_WG in work-groups of REDUCE_WG
__kernel void batchnorm_stats(__global const float* restrict x, __global float* restrict mean,
                              __global float* restrict invStd, __global float* restrict runningMean,
                              __global float* restrict runningVar, const int N, const int C, const int inner,
                              const float eps, const float momentum, const int updateRunning)
{
    __local float scratch[REDUCE_WG];
    const int c = get_group_id(0);
    const int lid = get_local_id(0);
    const int count = N * inner;

    float s = 0.0f, comp = 0.0f;
    for (int e = lid; e < count; e += REDUCE_WG) {
        const int n = e / inner;
        s = kahan_add(s, x[((long)n * C + c) * inner + e % inner], &comp);
    }
    const float m = group_sum(scratch, s, REDUCE_WG) / (float)count;

    float sd = 0.0f, compD = 0.0f, sd2 = 0.0f, compD2 = 0.0f;
    for (int e = lid; e < count; e += REDUCE_WG) {
        const int n = e / inner;
        const float d = x[((long)n * C + c) * inner + e % inner] - m;
        sd = kahan_add(sd, d, &compD);
        sd2 = kahan_add(sd2, d * d, &compD2);
    }
    const float sumD = group_sum(scratch, sd, REDUCE_WG);
    const float sumD2 = group_sum(scratch, sd2, REDUCE_WG);
    const float var = fmax(0.0f, (sumD2 - sumD * sumD / (float)count) / (float)count);

    if (lid == 0) {
        const float mu = m + sumD / (float)count; // the second pass also corrects the mean
        mean[c] = mu;
        invStd[c] = 1.0f / sqrt(var + eps);
        if (updateRunning) {
            const float unbiased = var * ((float)count / (float)(count - 1));
            runningMean[c] = (1.0f - momentum) * runningMean[c] + momentum * mu;
            runningVar[c] = (1.0f - momentum) * runningVar[c] + momentum * unbiased;
        }
    }
}

// Evaluation statistics: mean[c] = runningMean[c], invStd[c] = 1 / sqrt(runningVar[c] + eps).
// items: C
__kernel void batchnorm_running_stats(__global const float* restrict runningMean,
                                      __global const float* restrict runningVar, __global float* restrict mean,
                                      __global float* restrict invStd, const int C, const float eps)
{
    const int c = get_global_id(0);
    if (c >= C) return;
    mean[c] = runningMean[c];
    invStd[c] = 1.0f / sqrt(runningVar[c] + eps);
}

// y = (x - mean[c]) * invStd[c] * gamma[c] + beta[c]; gamma 1 and beta 0 when absent.
// items: ceil(N * C * inner / ITEMS)
__kernel void batchnorm_forward(__global const float* restrict x, __global const float* restrict mean,
                                __global const float* restrict invStd, __global const float* restrict gamma,
                                __global const float* restrict beta, __global float* restrict y,
                                const int C, const int inner, const int total, const int hasGamma,
                                const int hasBeta)
{
    FOR_ITEMS(i, total) {
        const int c = (int)((i / inner) % C);
        const float scale = invStd[c] * (hasGamma ? gamma[c] : 1.0f);
        y[i] = (x[i] - mean[c]) * scale + (hasBeta ? beta[c] : 0.0f);
    }
}

// sumDy[c] = sum dy (the gradient of beta), sumDyXhat[c] = sum dy * (x - mean) * invStd (of gamma).
// items: C * REDUCE_WG in work-groups of REDUCE_WG
__kernel void batchnorm_backward_reduce(__global const float* restrict x, __global const float* restrict dy,
                                        __global const float* restrict mean, __global const float* restrict invStd,
                                        __global float* restrict sumDy, __global float* restrict sumDyXhat,
                                        const int N, const int C, const int inner)
{
    __local float scratch[REDUCE_WG];
    const int c = get_group_id(0);
    const int lid = get_local_id(0);
    const int count = N * inner;
    const float m = mean[c];

    float s = 0.0f, comp = 0.0f, sx = 0.0f, compX = 0.0f;
    for (int e = lid; e < count; e += REDUCE_WG) {
        const long at = ((long)(e / inner) * C + c) * inner + e % inner;
        const float g = dy[at];
        s = kahan_add(s, g, &comp);
        sx = kahan_add(sx, g * (x[at] - m), &compX);
    }
    const float total = group_sum(scratch, s, REDUCE_WG);
    const float totalX = group_sum(scratch, sx, REDUCE_WG);
    if (lid == 0) {
        sumDy[c] = total;
        sumDyXhat[c] = totalX * invStd[c];
    }
}

// training: dx = gamma invStd (dy - sumDy / n - xhat sumDyXhat / n), n = N * inner, the batch statistics
//           depending on x;
// evaluation: dx = gamma invStd dy.
// items: ceil(N * C * inner / ITEMS)
__kernel void batchnorm_backward_data(__global const float* restrict x, __global const float* restrict dy,
                                      __global const float* restrict mean, __global const float* restrict invStd,
                                      __global const float* restrict gamma, __global const float* restrict sumDy,
                                      __global const float* restrict sumDyXhat, __global float* restrict dx,
                                      const int N, const int C, const int inner, const int hasGamma,
                                      const int training)
{
    const int total = N * C * inner;
    const float invCount = 1.0f / (float)(N * inner);
    FOR_ITEMS(i, total) {
        const int c = (int)((i / inner) % C);
        const float is = invStd[c];
        const float scale = is * (hasGamma ? gamma[c] : 1.0f);
        if (training) {
            const float xhat = (x[i] - mean[c]) * is;
            dx[i] = scale * (dy[i] - sumDy[c] * invCount - xhat * sumDyXhat[c] * invCount);
        } else {
            dx[i] = scale * dy[i];
        }
    }
}
