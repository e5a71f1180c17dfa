// Optimizer update rules, one step, in place, float32: every kernel reads the gradient g and updates
// the parameter p and the rule's state for element i. The formulas are those of torch.optim (and of
// Caffe for sgd_caffe); the Java records org.lamina.optim.*Params document them.
//
// Scalars that depend only on the step (bias corrections, a decayed learning rate) are computed by
// the host in double precision and passed in, so every work-item does the same few float operations.
//
// Elementwise: work-item i updates ELEMS_PER_ITEM elements i, i + items, i + 2*items, ... (neighbours
// touch neighbouring addresses).
//
// Tuning parameters, set by the host with -D:
//   ELEMS_PER_ITEM  elements updated by one work-item

#ifndef ELEMS_PER_ITEM
#define ELEMS_PER_ITEM 1
#endif

#define FOR_EACH_ELEMENT(i)                                                        \
    const long items = get_global_size(0);                                         \
    for (long i = get_global_id(0); i < count; i += items)

// PyTorch SGD. first: 1 at step 1 (the momentum buffer is set to the gradient).
__kernel void sgd(__global float* restrict p, __global const float* restrict g, __global float* restrict buf,
                  const long count, const float lr, const float momentum, const float dampening,
                  const float weightDecay, const int nesterov, const int first, const int hasMomentum)
{
    FOR_EACH_ELEMENT(i) {
        const float w = p[i];
        float d = g[i] + weightDecay * w;
        if (hasMomentum) {
            const float b = first ? d : momentum * buf[i] + (1.0f - dampening) * d;
            buf[i] = b;
            d = nesterov ? d + momentum * b : b;
        }
        p[i] = w - lr * d;
    }
}

// Caffe / AlexNet: v = momentum v - weightDecay lr w - lr g; w = w + v. decayRate = weightDecay * lr.
__kernel void sgd_caffe(__global float* restrict p, __global const float* restrict g, __global float* restrict v,
                        const long count, const float lr, const float momentum, const float decayRate)
{
    FOR_EACH_ELEMENT(i) {
        const float w = p[i];
        const float vel = momentum * v[i] - decayRate * w - lr * g[i];
        v[i] = vel;
        p[i] = w + vel;
    }
}

// Adam / AdamW. shrink = 1 - lr * weightDecay (AdamW, else 1); l2 = weightDecay (Adam, else 0);
// stepSize = lr / (1 - beta1^t); bc2Sqrt = sqrt(1 - beta2^t).
__kernel void adam(__global float* restrict p, __global const float* restrict g, __global float* restrict m,
                   __global float* restrict v, const long count, const float shrink, const float l2,
                   const float beta1, const float oneMinusBeta1, const float beta2, const float oneMinusBeta2,
                   const float eps, const float stepSize, const float bc2Sqrt)
{
    FOR_EACH_ELEMENT(i) {
        const float w = p[i] * shrink;
        const float d = g[i] + l2 * w;
        const float mi = beta1 * m[i] + oneMinusBeta1 * d;
        const float vi = beta2 * v[i] + oneMinusBeta2 * d * d;
        m[i] = mi;
        v[i] = vi;
        p[i] = w - stepSize * mi / (sqrt(vi) / bc2Sqrt + eps);
    }
}

// RMSprop (not centered); buf is used only when hasMomentum.
__kernel void rmsprop(__global float* restrict p, __global const float* restrict g, __global float* restrict sq,
                      __global float* restrict buf, const long count, const float lr, const float alpha,
                      const float oneMinusAlpha, const float eps, const float weightDecay, const float momentum,
                      const int hasMomentum)
{
    FOR_EACH_ELEMENT(i) {
        const float w = p[i];
        const float d = g[i] + weightDecay * w;
        const float s = alpha * sq[i] + oneMinusAlpha * d * d;
        sq[i] = s;
        const float avg = sqrt(s) + eps;
        if (hasMomentum) {
            const float b = momentum * buf[i] + d / avg;
            buf[i] = b;
            p[i] = w - lr * b;
        } else {
            p[i] = w - lr * d / avg;
        }
    }
}

// Adagrad. clr = lr / (1 + (t - 1) * lrDecay).
__kernel void adagrad(__global float* restrict p, __global const float* restrict g, __global float* restrict sum,
                      const long count, const float clr, const float weightDecay, const float eps)
{
    FOR_EACH_ELEMENT(i) {
        const float w = p[i];
        const float d = g[i] + weightDecay * w;
        const float s = sum[i] + d * d;
        sum[i] = s;
        p[i] = w - clr * d / (sqrt(s) + eps);
    }
}
