package org.lamina.plugins.swish;

import com.aparapi.Kernel;

/** Swish backward for Aparapi: {@code dx = dy * (s + beta * x * s * (1 - s))}, {@code s = sigmoid(beta * x)}. */
final class SwishBackwardKernel extends Kernel {
    float[] x;
    float[] dy;
    float[] dx;
    int count;
    float beta;

    @Override
    public void run() {
        int i = getGlobalId();
        if (i < count) {
            float v = x[i];
            float s = 1f / (1f + exp(-beta * v));
            dx[i] = dy[i] * (s + beta * v * s * (1f - s));
        }
    }
}
