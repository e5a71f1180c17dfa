package org.lamina.data;

import java.util.Arrays;

/**
 * Per-channel normalization of pixel values scaled to [0, 1]: {@code (v - mean[c]) / std[c]}.
 *
 * @param mean per channel
 * @param std per channel, positive
 */
public record Normalization(float[] mean, float[] std) {

    public Normalization {
        if (mean.length != std.length || mean.length == 0) {
            throw new IllegalArgumentException("normalization: " + mean.length + " means and " + std.length
                    + " standard deviations");
        }
        for (float s : std) {
            if (!(s > 0)) {
                throw new IllegalArgumentException("normalization: standard deviation " + s + " is not positive");
            }
        }
    }

    /** No change: mean 0, std 1 for each channel. */
    public static Normalization identity(int channels) {
        float[] m = new float[channels], s = new float[channels];
        Arrays.fill(s, 1f);
        return new Normalization(m, s);
    }

    public static Normalization of(float mean, float std) {
        return new Normalization(new float[] {mean}, new float[] {std});
    }

    /** The statistics of a dataset's pixels, per channel. */
    public static Normalization measure(ImageDataset d) {
        int plane = d.height() * d.width();
        float[] mean = new float[d.channels()], std = new float[d.channels()];
        for (int c = 0; c < d.channels(); c++) {
            double s = 0, s2 = 0;
            for (int i = 0; i < d.count(); i++) {
                int base = (i * d.channels() + c) * plane;
                for (int p = 0; p < plane; p++) {
                    double v = (d.pixels()[base + p] & 0xff) / 255.0;
                    s += v;
                    s2 += v * v;
                }
            }
            double n = (double) d.count() * plane;
            mean[c] = (float) (s / n);
            std[c] = (float) Math.sqrt(Math.max(s2 / n - (s / n) * (s / n), 1e-12));
        }
        return new Normalization(mean, std);
    }

    public int channels() {
        return mean.length;
    }
}
