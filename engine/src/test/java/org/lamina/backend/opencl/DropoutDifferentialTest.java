package org.lamina.backend.opencl;

import org.lamina.opencl.TestShapes;
import static org.junit.jupiter.api.Assertions.*;
import static org.lamina.testing.TestData.gaussian;
import static org.lamina.testing.TestData.size;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.lamina.backend.Backend;
import org.lamina.backend.DropoutOps;
import org.lamina.ops.Dropout;
import org.lamina.tensor.Tensor;
import org.lamina.testing.TestBackends;

/**
 * Dropout on both backends (the device's generator alone: kernels-opencl's PhiloxKernelTest): masks,
 * forward and backward identical bit for bit between OpenCL and Java over many shapes, probabilities and
 * seeds; the kept fraction close to 1 - p; same seed same mask, another seed another mask.
 */
class DropoutDifferentialTest {
    static final int CONFIGURATIONS = TestShapes.count(60, 8);

    @Test
    void backendsDrawIdenticalMasksAndResults() {
        Backend cl = TestBackends.openCl(), java = TestBackends.java();
        Random rnd = new Random(11);
        for (int k = 0; k < CONFIGURATIONS; k++) {
            int[] shape = randomShape(rnd);
            double p = k % 10 == 0 ? 0 : rnd.nextDouble() * 0.95;
            long seed = rnd.nextLong();
            Dropout op = new Dropout(p);
            float[] x = gaussian(rnd, size(shape)), dy = gaussian(rnd, size(shape));
            String what = "p " + p + " seed " + seed + " shape " + Arrays.toString(shape);
            try (Tensor mc = op.mask(cl, seed, shape); Tensor mj = op.mask(java, seed, shape);
                    Tensor xc = cl.tensor(x, shape); Tensor xj = java.tensor(x, shape);
                    Tensor dyc = cl.tensor(dy, shape); Tensor dyj = java.tensor(dy, shape);
                    Tensor yc = op.forward(xc, seed); Tensor yj = op.forward(xj, seed);
                    Tensor dxc = op.backward(dyc, seed); Tensor dxj = op.backward(dyj, seed)) {
                float[] mask = mj.toArray();
                assertArrayEquals(mask, mc.toArray(), "mask " + what);
                assertArrayEquals(yj.toArray(), yc.toArray(), "forward " + what);
                assertArrayEquals(dxj.toArray(), dxc.toArray(), "backward " + what);
                float[] y = yc.toArray(), dx = dxc.toArray();
                for (int i = 0; i < mask.length; i++) {
                    // A dropped value is +0 whatever its sign.
                    assertEquals(mask[i] == 0 ? 0f : mask[i] * x[i], y[i], "forward is mask * x at " + i + ", " + what);
                    assertEquals(mask[i] == 0 ? 0f : mask[i] * dy[i], dx[i], "backward reuses the mask at " + i + ", "
                            + what);
                }
            }
        }
    }

    @Test
    void theKeptFractionIsCloseToOneMinusP() {
        int n = 1 << TestShapes.count(20, 14); // the bound below scales with the count
        for (Backend b : new Backend[] {TestBackends.openCl(), TestBackends.java()}) {
            for (double p : new double[] {0.1, 0.5, 0.8}) {
                try (Tensor m = new Dropout(p).mask(b, 1234567L, n)) {
                    int kept = 0;
                    for (float v : m.toArray()) {
                        kept += v != 0 ? 1 : 0;
                    }
                    double fraction = kept / (double) n;
                    double sigma = Math.sqrt(p * (1 - p) / n);
                    assertEquals(1 - p, fraction, 5 * sigma, "kept fraction on " + b.name() + " for p " + p);
                }
            }
        }
    }

    @Test
    void sameSeedSameMaskOtherSeedOtherMask() {
        for (Backend b : new Backend[] {TestBackends.openCl(), TestBackends.java()}) {
            Dropout op = new Dropout(0.5);
            int n = 4099;
            try (Tensor a = op.mask(b, 42, n); Tensor again = op.mask(b, 42, n); Tensor other = op.mask(b, 43, n);
                    Tensor high = op.mask(b, 42L | (1L << 40), n)) {
                assertArrayEquals(a.toArray(), again.toArray(), "same seed on " + b.name());
                for (Tensor t : new Tensor[] {other, high}) {
                    float[] x = a.toArray(), y = t.toArray();
                    int same = 0;
                    for (int i = 0; i < n; i++) {
                        same += x[i] == y[i] ? 1 : 0;
                    }
                    // Independent masks with p = 0.5 agree on about half the elements.
                    assertTrue(same > 0.4 * n && same < 0.6 * n, "another seed on " + b.name() + " agrees on "
                            + same + " of " + n);
                }
            }
        }
    }

    @Test
    void zeroProbabilityIsTheIdentity() {
        Random rnd = new Random(5);
        for (Backend b : new Backend[] {TestBackends.openCl(), TestBackends.java()}) {
            float[] x = gaussian(rnd, 37);
            try (Tensor t = b.tensor(x, 37); Tensor y = new Dropout(0).forward(t, 99);
                    Tensor dx = new Dropout(0).backward(t, 99)) {
                assertArrayEquals(x, y.toArray());
                assertArrayEquals(x, dx.toArray());
                assertEquals(DropoutOps.keepScale(0), 1.0f);
            }
        }
    }

    private static int[] randomShape(Random rnd) {
        return switch (rnd.nextInt(3)) {
            case 0 -> new int[] {1 + rnd.nextInt(3000)};
            case 1 -> new int[] {1 + rnd.nextInt(8), 1 + rnd.nextInt(100)};
            default -> new int[] {1 + rnd.nextInt(3), 1 + rnd.nextInt(8), 1 + rnd.nextInt(13), 1 + rnd.nextInt(13)};
        };
    }
}
