package org.lamina.optim;

import static org.junit.jupiter.api.Assertions.*;
import static org.lamina.testing.TestData.gaussian;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.lamina.backend.Backend;
import org.lamina.backend.java.OptimizerReference;
import org.lamina.tensor.Tensor;
import org.lamina.testing.TestBackends;

/**
 * The Caffe/AlexNet SGD convention has no PyTorch reference case: it is checked against its formula,
 * {@code v = momentum v - wd lr w - lr g; w = w + v}, evaluated here in double over several steps with
 * a learning rate that changes between steps; against plain SGD when the momentum is 0; and against
 * PyTorch's momentum SGD (velocity = -lr * buffer) when the learning rate is constant.
 */
class CaffeSgdTest {
    static final int STEPS = 6;

    static Backend backend(String name) {
        return name.equals("java") ? TestBackends.java() : TestBackends.openCl();
    }

    @ParameterizedTest
    @ValueSource(strings = {"java", "opencl"})
    void followsTheAlexNetFormula(String backend) {
        Backend be = backend(backend);
        Random rnd = new Random(1);
        int size = 257;
        float[] w0 = gaussian(rnd, size);
        float[][] grads = new float[STEPS][];
        double[] rates = {0.01, 0.01, 0.01, 0.001, 0.001, 0.0001}; // AlexNet divides the rate by 10 on plateaus
        double[] w = new double[size], v = new double[size];
        for (int i = 0; i < size; i++) {
            w[i] = w0[i];
        }
        try (Tensor param = be.tensor(w0, size); Tensor velocity = be.zeros(size)) {
            for (int s = 0; s < STEPS; s++) {
                grads[s] = gaussian(rnd, size);
                double eps = rates[s];
                for (int i = 0; i < size; i++) {
                    v[i] = 0.9 * v[i] - 0.0005 * eps * w[i] - eps * grads[s][i];
                    w[i] = w[i] + v[i];
                }
                try (Tensor g = be.tensor(grads[s], size)) {
                    be.optimizers().sgdCaffe(param, g, velocity, CaffeSgdParams.alexNet(eps));
                }
                float[] got = param.toArray(), gotV = velocity.toArray();
                for (int i = 0; i < size; i++) {
                    assertEquals(w[i], got[i], 1e-6 * (1 + Math.abs(w[i])), be.name() + " w, step " + (s + 1) + " at " + i);
                    assertEquals(v[i], gotV[i], 1e-6 * (1e-2 + Math.abs(v[i])),
                            be.name() + " v, step " + (s + 1) + " at " + i);
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"java", "opencl"})
    void withoutMomentumItIsPlainSgd(String backend) {
        Backend be = backend(backend);
        Random rnd = new Random(2);
        int size = 100;
        float[] w0 = gaussian(rnd, size);
        try (Tensor caffe = be.tensor(w0, size); Tensor plain = be.tensor(w0, size); Tensor velocity = be.zeros(size)) {
            for (int s = 1; s <= STEPS; s++) {
                try (Tensor g = be.tensor(gaussian(rnd, size), size)) {
                    be.optimizers().sgdCaffe(caffe, g, velocity, new CaffeSgdParams(0.05, 0, 0.001));
                    be.optimizers().sgd(plain, g, null, SgdParams.of(0.05).withWeightDecay(0.001), s);
                }
                float[] a = caffe.toArray(), b = plain.toArray();
                for (int i = 0; i < size; i++) {
                    assertEquals(b[i], a[i], 2e-7 * (1 + Math.abs(b[i])), be.name() + " step " + s + " at " + i);
                }
            }
        }
    }

    @Test
    void withAConstantRateItIsPytorchMomentumScaledByTheRate() {
        Random rnd = new Random(3);
        int size = 50;
        double lr = 0.02;
        double[] caffeW = new double[size], torchW = new double[size], v = new double[size], buf = new double[size];
        for (int i = 0; i < size; i++) {
            caffeW[i] = torchW[i] = rnd.nextGaussian();
        }
        SgdParams torch = SgdParams.of(lr).withMomentum(0.9).withWeightDecay(0.0005);
        for (int s = 1; s <= STEPS; s++) {
            double[] g = new double[size];
            for (int i = 0; i < size; i++) {
                g[i] = rnd.nextGaussian();
            }
            OptimizerReference.sgdCaffe(caffeW, g, v, CaffeSgdParams.alexNet(lr));
            OptimizerReference.sgd(torchW, g, buf, torch, s);
            for (int i = 0; i < size; i++) {
                assertEquals(torchW[i], caffeW[i], 1e-12, "w, step " + s);
                assertEquals(-lr * buf[i], v[i], 1e-12, "velocity = -lr * buffer, step " + s);
            }
        }
    }
}
