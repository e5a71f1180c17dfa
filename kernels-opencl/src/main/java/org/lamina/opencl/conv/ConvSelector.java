package org.lamina.opencl.conv;

import java.util.Map;
import org.lamina.geometry.ConvGeometry;
import org.lamina.opencl.DeviceType;

/**
 * Picks the algorithm of each convolution pass: the tuned choice of the geometry's
 * {@link ConvShapeClass} when there is one (and it can compute the geometry), else a rule per device
 * type.
 *
 * <p>The rules, from measurements on pocl (CPU): 1x1 stride 1 as plain products; depthwise with its
 * own kernel; otherwise im2col + GEMM, except forward passes whose product is too small to fill GEMM
 * tiles (few output channels per group or short rows), where the direct kernel's register tiles win.
 */
public final class ConvSelector {
    private final DeviceType type;
    private final Map<String, ConvChoice> tuned;

    public ConvSelector(DeviceType type, Map<String, ConvChoice> tuned) {
        this.type = type;
        this.tuned = Map.copyOf(tuned);
    }

    /** Rules only. */
    public static ConvSelector rules(DeviceType type) {
        return new ConvSelector(type, Map.of());
    }

    public ConvAlgorithm forward(ConvGeometry g) {
        ConvChoice c = tuned.get(ConvShapeClass.of(g));
        return c != null && c.forward().supports(g) ? c.forward() : rule(g).forward();
    }

    public ConvAlgorithm backwardData(ConvGeometry g) {
        ConvChoice c = tuned.get(ConvShapeClass.of(g));
        return c != null && c.backwardData().supports(g) ? c.backwardData() : rule(g).backwardData();
    }

    public ConvAlgorithm backwardFilter(ConvGeometry g) {
        ConvChoice c = tuned.get(ConvShapeClass.of(g));
        return c != null && c.backwardFilter().supports(g) ? c.backwardFilter() : rule(g).backwardFilter();
    }

    /** The untuned choice for {@code g} on this selector's device type. */
    public ConvChoice rule(ConvGeometry g) {
        if (g.isPointwise()) {
            return ConvChoice.all(ConvAlgorithm.POINTWISE_GEMM);
        }
        if (g.isDepthwise()) {
            return ConvChoice.all(ConvAlgorithm.DEPTHWISE);
        }
        long rows = (long) g.cPerGroup() * g.kh() * g.kw();
        boolean smallProduct = g.kPerGroup() <= 16 || rows <= 16;
        ConvAlgorithm forward = smallProduct && type == DeviceType.CPU ? ConvAlgorithm.DIRECT : ConvAlgorithm.IM2COL_GEMM;
        return new ConvChoice(forward, ConvAlgorithm.IM2COL_GEMM, ConvAlgorithm.IM2COL_GEMM);
    }

    /** The tuned choices, by shape class. */
    public Map<String, ConvChoice> tuned() {
        return tuned;
    }
}
