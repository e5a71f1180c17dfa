package org.lamina.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.lamina.data.ImageDataset;
import org.lamina.exec.Model;
import org.lamina.train.DistributedTraining;

/** What the Spark tests share: a small seeded dataset of LeNet-5's input size, and comparisons. */
final class Fixtures {
    static final int[] SHAPE = {1, 28, 28};

    private Fixtures() {
    }

    /** {@code n} images of seeded noise, the class of each a function of its pixels (so there is something to learn). */
    static ImageDataset data(int n, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        byte[] pixels = new byte[n * 28 * 28];
        byte[] labels = new byte[n];
        List<String> names = new ArrayList<>();
        for (int c = 0; c < 10; c++) {
            names.add("c" + c);
        }
        for (int i = 0; i < n; i++) {
            int label = rnd.nextInt(10);
            labels[i] = (byte) label;
            for (int p = 0; p < 28 * 28; p++) {
                // a bright band whose row depends on the class, over noise
                int row = p / 28;
                int v = rnd.nextInt(80) + (row / 3 == label ? 150 : 0);
                pixels[i * 28 * 28 + p] = (byte) Math.min(255, v);
            }
        }
        return new ImageDataset("noise", n, 1, 28, 28, pixels, labels, names);
    }

    static DistributedTraining.Job job(String device, int workers) {
        return new DistributedTraining.Job("local[2]", workers, device, "lenet5", "", SHAPE, 10, "cross-entropy",
                "test", null);
    }

    /** A job of {@code exchange}, on local[2] as {@link #job(String, int)}. */
    static DistributedTraining.Job job(String device, int workers, DistributedTraining.Exchange exchange) {
        return job(device, workers).with(exchange);
    }

    static Map<String, float[]> values(Model m) {
        Map<String, float[]> out = new LinkedHashMap<>();
        m.snapshot().forEach((k, v) -> out.put(k, v.values()));
        return out;
    }

    /** Each array of {@code actual} equals {@code expected}'s within {@code tol} of the larger magnitude (or of 1). */
    static void assertClose(Map<String, float[]> expected, Map<String, float[]> actual, double tol, String what) {
        assertEquals(expected.keySet(), actual.keySet(), what + ": names");
        expected.forEach((k, e) -> {
            float[] a = actual.get(k);
            assertEquals(e.length, a.length, what + ": size of " + k);
            double scale = 1;
            for (float x : e) {
                scale = Math.max(scale, Math.abs(x));
            }
            for (int i = 0; i < e.length; i++) {
                if (!(Math.abs(e[i] - a[i]) <= tol * scale)) {
                    fail(what + ": " + k + "[" + i + "] is " + a[i] + ", expected " + e[i] + " (tolerance " + tol * scale
                            + ")");
                }
            }
        });
    }

    /** The largest difference between two equally named sets of arrays. */
    static double maxDifference(Map<String, float[]> a, Map<String, float[]> b) {
        double d = 0;
        for (var e : a.entrySet()) {
            float[] x = e.getValue(), y = b.get(e.getKey());
            for (int i = 0; i < x.length; i++) {
                d = Math.max(d, Math.abs(x[i] - y[i]));
            }
        }
        return d;
    }
}
