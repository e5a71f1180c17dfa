package org.lamina.opencl.conv;

import java.util.Map;
import org.lamina.geometry.ConvGeometry;
import org.lamina.opencl.DeviceType;

/**
 * Picks the algorithm of each convolution pass: the tuned choice of the geometry's
 * {@link ConvShapeClass} when there is one (and it can compute the geometry), else a rule per device
 * type.
 *
 * <p>The rules, from measurements on pocl (CPU): 1x1 stride 1 as plain products; depthwise (groups
 * of one channel, more than one group) with its own kernel; everything else im2col + GEMM, which
 * beat the direct kernel on every pass of every shape measured once its stores were vectorized,
 * LeNet-5's small layers included. On CPUs, 3x3 stride-1 dense convolutions (any dilation) with at
 * least 16 input and output channels run forward and input gradient with Winograd F(2x2, 3x3), and
 * from 64 channels the weight gradient with F(3x3, 2x2), measured faster there; other
 * device types keep im2col + GEMM until a tuning file says otherwise.
 */
public final class ConvSelector {
    private final DeviceType type;
    private final Map<String, ConvChoice> tuned;

    public ConvSelector(DeviceType type, Map<String, ConvChoice> tuned) {
        this.type = type;
        this.tuned = Map.copyOf(tuned);
    }

    public DeviceType type() {
        return type;
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
            // The 1x1 weight gradient's product reads x transposed, which only the scalar strided GEMM
            // kernel takes; im2col's transposed unfolding of a 1x1 window is that transpose, after which
            // the vectorized kernel runs.
            return new ConvChoice(ConvAlgorithm.POINTWISE_GEMM, ConvAlgorithm.POINTWISE_GEMM,
                    ConvAlgorithm.IM2COL_GEMM);
        }
        if (g.isDepthwise() && g.groups() > 1) {
            return ConvChoice.all(ConvAlgorithm.DEPTHWISE);
        }
        if (type == DeviceType.CPU && winogradPays(g)) {
            // The weight gradient's products (K x C over all tiles) want 64 channels each side: 1.7-2.1x
            // faster than im2col at 64-256 (1.2-1.5x dilated), 3x slower at 16.
            boolean filter = g.c() >= 64 && g.k() >= 64;
            return new ConvChoice(ConvAlgorithm.WINOGRAD, ConvAlgorithm.WINOGRAD,
                    filter ? ConvAlgorithm.WINOGRAD : ConvAlgorithm.IM2COL_GEMM);
        }
        // Also one input channel without groups (LeNet's first layer): a product of 25 rows beats the
        // depthwise kernel's loop over taps.
        return ConvChoice.all(ConvAlgorithm.IM2COL_GEMM);
    }

    /**
     * Winograd where it won on pocl (interleaved against im2col + GEMM, batch 32): 1.3-2.4x on the
     * 3x3 ResNet layers from 16 channels up, forward and input gradient, and 1.25-1.8x on dilated ones
     * (dilation 2, 64 and 128 channels; even at 16); with few channels (the first layer's 3) the
     * transforms outweigh the products and it lost by half.
     */
    private static boolean winogradPays(ConvGeometry g) {
        return ConvAlgorithm.WINOGRAD.supports(g) && g.c() >= 16 && g.k() >= 16;
    }

    /** The tuned choices, by shape class. */
    public Map<String, ConvChoice> tuned() {
        return tuned;
    }
}
