package org.lamina.ops;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import org.lamina.backend.Backend;
import org.lamina.backend.LossOps;
import org.lamina.tensor.Tensor;

/**
 * Class labels as the losses take them: a float32 tensor {@code [N]} of exact integers in
 * {@code [0, classes)}. The losses check every label, which for labels on a device means reading them
 * back, and a read waits for all the work queued before it. Labels made here are checked on the host
 * as they are made and remembered, so a training step's loss does not stall the device.
 *
 * <p>The memory is of the tensor object: a labels tensor written in place afterwards (nothing in
 * Lamina does) would not be checked again; the loss kernels still turn an invalid label into a NaN
 * loss rather than read out of bounds.
 */
public final class ClassLabels {
    /** The host copy of each labels tensor made here; weak, so closed tensors are forgotten. */
    private static final Map<Tensor, int[]> KNOWN = Collections.synchronizedMap(new WeakHashMap<>());

    private ClassLabels() {
    }

    /**
     * A labels tensor on {@code backend} holding {@code labels}, each checked to lie in
     * {@code [0, classes)}.
     *
     * @throws IllegalArgumentException naming the offending label and its value
     */
    public static Tensor tensor(Backend backend, int[] labels, int classes) {
        float[] values = new float[labels.length];
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException("class labels: labels[" + i + "] = " + labels[i] + " is outside [0, "
                        + classes + ") (" + classes + " classes)");
            }
            values[i] = labels[i];
        }
        Tensor t = backend.tensor(values, labels.length);
        KNOWN.put(t, labels.clone());
        return t;
    }

    /**
     * The class indices that {@code labels} hold, checked to be integers in {@code [0, classes)}: from
     * the host copy for labels made by {@link #tensor}, otherwise read from the device.
     *
     * @throws IllegalArgumentException naming {@code op}, the offending index and its value
     */
    public static int[] indices(String op, Tensor labels, int classes) {
        int[] known = KNOWN.get(labels);
        if (known != null && known.length == labels.size()) {
            for (int i = 0; i < known.length; i++) {
                if (known[i] >= classes) {
                    throw new IllegalArgumentException(op + ": labels[" + i + "] = " + known[i] + " is outside [0, "
                            + classes + ") (" + classes + " classes)");
                }
            }
            return known.clone();
        }
        return LossOps.classIndices(op, labels.toArray(), classes);
    }
}
