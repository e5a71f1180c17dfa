package org.lamina.ops;

import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import org.lamina.backend.Backend;
import org.lamina.tensor.Tensor;

/**
 * Class labels per position (per pixel for segmentation) as {@link PixelCrossEntropy} takes them: a
 * float32 tensor {@code [N, d1, ...]} of exact integers in {@code [0, classes)}, or {@link #IGNORE}
 * where the position does not count (outside the image's mask). As with {@link ClassLabels}, labels
 * made here are checked on the host as they are made and remembered, so a training step's loss need
 * not read them back (a read waits for all the work queued before it).
 */
public final class PixelLabels {
    /** The label of a position that does not count: PyTorch's {@code ignore_index=-1}. */
    public static final int IGNORE = -1;
    /** The host copy of each labels tensor made here; weak, so closed tensors are forgotten. */
    private static final Map<Tensor, int[]> KNOWN = Collections.synchronizedMap(new WeakHashMap<>());

    private PixelLabels() {
    }

    /**
     * A labels tensor of {@code shape} on {@code backend} holding {@code labels}, each checked to be
     * {@link #IGNORE} or in {@code [0, classes)}.
     *
     * @throws IllegalArgumentException naming the offending label and its value, or a shape that does
     *     not hold the labels
     */
    public static Tensor tensor(Backend backend, int[] labels, int classes, int... shape) {
        long size = 1;
        for (int d : shape) {
            size *= d;
        }
        if (size != labels.length) {
            throw new IllegalArgumentException("pixel labels: shape " + Arrays.toString(shape) + " holds " + size
                    + " labels, not " + labels.length);
        }
        check("pixel labels", labels, classes);
        float[] values = new float[labels.length];
        for (int i = 0; i < labels.length; i++) {
            values[i] = labels[i];
        }
        Tensor t = backend.tensor(values, shape);
        KNOWN.put(t, labels.clone());
        return t;
    }

    /**
     * {@code labels} with {@link #IGNORE} wherever {@code mask} is 0 (a mask per position: 1 counts, 0
     * does not); a new array.
     *
     * @throws IllegalArgumentException for a mask of another length or with values other than 0 and 1
     */
    public static int[] masked(int[] labels, float[] mask) {
        if (mask.length != labels.length) {
            throw new IllegalArgumentException("pixel labels: a mask of " + mask.length + " values for " + labels.length
                    + " labels");
        }
        int[] out = labels.clone();
        for (int i = 0; i < out.length; i++) {
            if (mask[i] == 0) {
                out[i] = IGNORE;
            } else if (mask[i] != 1) {
                throw new IllegalArgumentException("pixel labels: mask[" + i + "] = " + mask[i] + " is neither 0 nor 1");
            }
        }
        return out;
    }

    /**
     * The labels {@code labels} hold, checked: from the host copy for labels made by {@link #tensor},
     * otherwise read from the device.
     *
     * @throws IllegalArgumentException naming {@code op}, the offending position and its value
     */
    static int[] indices(String op, Tensor labels, int classes) {
        int[] known = KNOWN.get(labels);
        if (known != null && known.length == labels.size()) {
            check(op, known, classes);
            return known.clone();
        }
        float[] v = labels.toArray();
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            if (!(v[i] == Math.rint(v[i])) || Float.isInfinite(v[i]) || v[i] < IGNORE || v[i] > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(op + ": labels[" + i + "] = " + v[i] + " is not an integer class index"
                        + " or " + IGNORE + " (not counted)");
            }
            out[i] = (int) v[i];
        }
        check(op, out, classes);
        return out;
    }

    /** How many of {@code labels} count (are not {@link #IGNORE}). */
    static long counted(int[] labels) {
        long n = 0;
        for (int y : labels) {
            n += y == IGNORE ? 0 : 1;
        }
        return n;
    }

    private static void check(String op, int[] labels, int classes) {
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] != IGNORE && (labels[i] < 0 || labels[i] >= classes)) {
                throw new IllegalArgumentException(op + ": labels[" + i + "] = " + labels[i] + " is outside [0, "
                        + classes + ") (" + classes + " classes) and is not " + IGNORE + " (not counted)");
            }
        }
    }
}
