package org.lamina.explain;

/** Class probabilities and the classes to explain, from a batch of logits {@code [N, classes]}. */
final class Scores {
    private Scores() {
    }

    /** Softmax of each row. */
    static float[] probabilities(float[] logits, int n) {
        int classes = logits.length / n;
        float[] p = new float[logits.length];
        for (int i = 0; i < n; i++) {
            double max = Double.NEGATIVE_INFINITY, sum = 0;
            for (int k = 0; k < classes; k++) {
                max = Math.max(max, logits[i * classes + k]);
            }
            for (int k = 0; k < classes; k++) {
                sum += Math.exp(logits[i * classes + k] - max);
            }
            for (int k = 0; k < classes; k++) {
                p[i * classes + k] = (float) (Math.exp(logits[i * classes + k] - max) / sum);
            }
        }
        return p;
    }

    /**
     * The class to explain for each image: {@code targets} when given (checked), else the top class.
     *
     * @throws IllegalArgumentException when a target is not a class of the model or their number is wrong
     */
    static int[] targets(float[] logits, int n, int[] targets) {
        int classes = logits.length / n;
        if (targets != null) {
            if (targets.length != n) {
                throw new IllegalArgumentException(targets.length + " target classes for " + n + " images");
            }
            for (int t : targets) {
                if (t < 0 || t >= classes) {
                    throw new IllegalArgumentException("target class " + t + " is not one of the model's " + classes
                            + " classes (0 to " + (classes - 1) + ")");
                }
            }
            return targets.clone();
        }
        int[] top = new int[n];
        for (int i = 0; i < n; i++) {
            for (int k = 1; k < classes; k++) {
                if (logits[i * classes + k] > logits[i * classes + top[i]]) {
                    top[i] = k;
                }
            }
        }
        return top;
    }

    /** The probability of each image's target. */
    static float[] of(float[] probabilities, int n, int[] targets) {
        int classes = probabilities.length / n;
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = probabilities[i * classes + targets[i]];
        }
        return out;
    }

    /** A one-hot {@code [N, classes]}: the seed of each image's target score. */
    static float[] oneHot(int[] targets, int classes) {
        float[] seed = new float[targets.length * classes];
        for (int i = 0; i < targets.length; i++) {
            seed[i * classes + targets[i]] = 1;
        }
        return seed;
    }
}
