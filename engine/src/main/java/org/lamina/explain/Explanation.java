package org.lamina.explain;

import java.util.Arrays;

/**
 * One map per image, as large as the image: how much each pixel counts for the class explained.
 *
 * @param method what made it ({@code saliency}, {@code guided}, {@code deconvnet}, {@code occlusion},
 *     {@code gradcam})
 * @param maps {@code [N, H, W]}, one map per image, larger is more important
 * @param targets the class each map explains (the predicted one unless asked otherwise)
 * @param probabilities the model's probability of that class for each image
 */
public record Explanation(String method, int count, int height, int width, float[] maps, int[] targets,
        float[] probabilities) {

    public Explanation {
        if (maps.length != (long) count * height * width || targets.length != count || probabilities.length != count) {
            throw new IllegalArgumentException(method + ": " + maps.length + " map values, " + targets.length
                    + " targets and " + probabilities.length + " probabilities for " + count + " images of "
                    + height + " x " + width);
        }
    }

    /** Image {@code n}'s map, {@code H x W}. */
    public float[] map(int n) {
        return Arrays.copyOfRange(maps, n * height * width, (n + 1) * height * width);
    }
}
