package org.lamina.plugins.swish;

import com.aparapi.Kernel;

/** Swish forward for Aparapi, which turns {@link #run()} into an OpenCL kernel; used by {@link AparapiSwish}. */
final class SwishForwardKernel extends Kernel {
    float[] x;
    float[] y;
    int count;
    float beta;

    @Override
    public void run() {
        int i = getGlobalId();
        if (i < count) {
            float v = x[i];
            y[i] = v / (1f + exp(-beta * v));
        }
    }
}
