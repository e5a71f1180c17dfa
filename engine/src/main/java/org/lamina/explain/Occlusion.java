package org.lamina.explain;

import java.util.Arrays;
import java.util.Map;
import org.lamina.exec.Executor;
import org.lamina.tensor.Tensor;

/**
 * Occlusion sensitivity (Zeiler and Fergus 2014): a square patch of {@code fill} (0, the data's
 * mean once normalized) slides over the image in steps of {@code stride}; each pixel's value is the
 * mean drop of the class probability over the patches that cover it. Positive where hiding the
 * pixel hurts the class, negative where it helps. Patches at the right and bottom edges are cut to
 * the image. It needs no gradient: one inference per patch position, in batches.
 *
 * @param patch the patch's side in pixels
 * @param stride the step between patches, at most {@code patch} so that every pixel is covered
 * @param fill the value hidden pixels take (in the network's input scale)
 */
public record Occlusion(int patch, int stride, float fill) {
    public static final String NAME = "occlusion";
    /** Occluded images per inference. */
    static final int BATCH = 64;

    public Occlusion {
        if (patch < 1) {
            throw new IllegalArgumentException("occlusion: patch size " + patch + " must be at least 1 pixel");
        }
        if (stride < 1 || stride > patch) {
            throw new IllegalArgumentException("occlusion: stride " + stride + " must be from 1 to the patch size "
                    + patch + " (a larger step leaves pixels no patch covers)");
        }
        if (!Float.isFinite(fill)) {
            throw new IllegalArgumentException("occlusion: fill value " + fill + " is not a finite number");
        }
    }

    /** The first row (or column) of each patch position along a side of {@code size} pixels. */
    int[] starts(int size) {
        int count = (size - 1) / stride + 1;
        int[] s = new int[count];
        for (int i = 0; i < count; i++) {
            s[i] = i * stride;
        }
        return s;
    }

    /**
     * The occlusion maps of {@code images} ({@code [N, C, H, W]} on the model's backend, kept by the
     * caller) for {@code targets} (null: each image's predicted class).
     *
     * @throws IllegalArgumentException when the patch is larger than the image
     */
    public Explanation compute(Executor ex, Tensor images, int[] targets) {
        Inputs.check(NAME, ex, images);
        int[] d = images.dims();
        int n = d[0], c = d[1], h = d[2], w = d[3], plane = h * w, size = c * plane;
        if (patch > h || patch > w) {
            throw new IllegalArgumentException("occlusion: patch size " + patch + " is larger than the image, "
                    + h + " x " + w);
        }
        float[] pixels = images.toArray();
        float[] logits = infer(ex, pixels, n, d);
        int classes = logits.length / n;
        int[] t = Scores.targets(logits, n, targets);
        float[] base = Scores.of(Scores.probabilities(logits, n), n, t);
        int[] ys = starts(h), xs = starts(w);
        int positions = ys.length * xs.length;
        float[] maps = new float[n * plane];
        for (int i = 0; i < n; i++) {
            double[] sum = new double[plane];
            int[] covered = new int[plane];
            for (int from = 0; from < positions; from += BATCH) {
                int count = Math.min(BATCH, positions - from);
                float[] batch = new float[count * size];
                for (int k = 0; k < count; k++) {
                    System.arraycopy(pixels, i * size, batch, k * size, size);
                    int y0 = ys[(from + k) / xs.length], x0 = xs[(from + k) % xs.length];
                    for (int ch = 0; ch < c; ch++) {
                        for (int y = y0; y < Math.min(h, y0 + patch); y++) {
                            Arrays.fill(batch, k * size + ch * plane + y * w + x0,
                                    k * size + ch * plane + y * w + Math.min(w, x0 + patch), fill);
                        }
                    }
                }
                float[] p = Scores.probabilities(infer(ex, batch, count, d), count);
                for (int k = 0; k < count; k++) {
                    double drop = base[i] - p[k * classes + t[i]];
                    int y0 = ys[(from + k) / xs.length], x0 = xs[(from + k) % xs.length];
                    for (int y = y0; y < Math.min(h, y0 + patch); y++) {
                        for (int x = x0; x < Math.min(w, x0 + patch); x++) {
                            sum[y * w + x] += drop;
                            covered[y * w + x]++;
                        }
                    }
                }
            }
            for (int q = 0; q < plane; q++) {
                maps[i * plane + q] = covered[q] == 0 ? 0f : (float) (sum[q] / covered[q]);
            }
        }
        return new Explanation(NAME, n, h, w, maps, t, base);
    }

    private static float[] infer(Executor ex, float[] pixels, int n, int[] d) {
        try (Tensor x = ex.backend().tensor(pixels, n, d[1], d[2], d[3])) {
            Map<String, Tensor> out = ex.infer(Map.of(Inputs.input(ex), x));
            try (Tensor y = out.get(Inputs.output(ex))) {
                return y.toArray();
            }
        }
    }
}
