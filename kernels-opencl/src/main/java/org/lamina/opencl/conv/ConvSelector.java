package org.lamina.opencl.conv;

import java.util.Map;
import org.lamina.geometry.ConvGeometry;
import org.lamina.opencl.DeviceType;
import org.lamina.opencl.tuning.TuningSpec;

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
 * device types keep im2col + GEMM until a tuning file says otherwise. The thresholds ({@link Rules})
 * come from the tuning database ({@code convRules}), so a device class can turn Winograd on.
 */
public final class ConvSelector {
    /** The name of the rules' parameters in the tuning database. */
    public static final String FAMILY = "convRules";

    /**
     * The thresholds of the rules, from the tuning database ({@code convRules}): the channels (input
     * and output, each) from which 3x3 stride-1 dense convolutions run forward and input gradient
     * with Winograd, and from which their weight gradient does; 0 for never (im2col + GEMM).
     */
    public record Rules(int winogradChannels, int winogradFilterChannels) {
        public static final TuningSpec<Rules> SPEC = TuningSpec.of(FAMILY, Rules.class,
                TuningSpec.atLeast("winogradChannels", 0), TuningSpec.atLeast("winogradFilterChannels", 0));

        public Rules {
            SPEC.check(winogradChannels, winogradFilterChannels);
        }

        /**
         * The rules of a device type where no database is asked (the database's cpu and generic
         * entries hold the same): Winograd from 16 channels, its weight gradient from 64, on CPUs;
         * never elsewhere.
         */
        public static Rules forType(DeviceType type) {
            return type == DeviceType.CPU ? new Rules(16, 64) : new Rules(0, 0);
        }
    }

    private final DeviceType type;
    private final Rules rules;
    private final Map<String, ConvChoice> tuned;

    /** The rules of {@code type} ({@link Rules#forType}) under {@code tuned} choices. */
    public ConvSelector(DeviceType type, Map<String, ConvChoice> tuned) {
        this(type, Rules.forType(type), tuned);
    }

    public ConvSelector(DeviceType type, Rules rules, Map<String, ConvChoice> tuned) {
        this.type = type;
        this.rules = rules;
        this.tuned = Map.copyOf(tuned);
    }

    public Rules ruleThresholds() {
        return rules;
    }

    public DeviceType type() {
        return type;
    }

    /** Rules only. */
    public static ConvSelector rules(DeviceType type) {
        return new ConvSelector(type, Map.of());
    }

    public ConvAlgorithm forward(ConvGeometry g) {
        ConvChoice c = tuned(g);
        return c != null && c.forward().supports(g) ? c.forward() : rule(g).forward();
    }

    public ConvAlgorithm backwardData(ConvGeometry g) {
        ConvChoice c = tuned(g);
        return c != null && c.backwardData().supports(g) ? c.backwardData() : rule(g).backwardData();
    }

    public ConvAlgorithm backwardFilter(ConvGeometry g) {
        ConvChoice c = tuned(g);
        return c != null && c.backwardFilter().supports(g) ? c.backwardFilter() : rule(g).backwardFilter();
    }

    /** The tuned choice for {@code g}'s shape class, or null. */
    private ConvChoice tuned(ConvGeometry g) {
        return tuned.get(ConvShapeClass.of(g).key());
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
        if (atLeast(g, rules.winogradChannels()) && ConvAlgorithm.WINOGRAD.supports(g)) {
            // On pocl the weight gradient's products (K x C over all tiles) want 64 channels each side:
            // faster than im2col from there, slower at 16 (docs/kernels.md, measurements).
            boolean filter = atLeast(g, rules.winogradFilterChannels());
            return new ConvChoice(ConvAlgorithm.WINOGRAD, ConvAlgorithm.WINOGRAD,
                    filter ? ConvAlgorithm.WINOGRAD : ConvAlgorithm.IM2COL_GEMM);
        }
        // Also one input channel without groups (LeNet's first layer): a product of 25 rows beats the
        // depthwise kernel's loop over taps.
        return ConvChoice.all(ConvAlgorithm.IM2COL_GEMM);
    }

    /**
     * Whether {@code g} has at least {@code channels} (not 0: never) input and output channels. On
     * pocl Winograd won from 16 (docs/kernels.md, measurements); with few channels (the first layer's
     * 3) the transforms outweigh the products.
     */
    private static boolean atLeast(ConvGeometry g, int channels) {
        return channels > 0 && g.c() >= channels && g.k() >= channels;
    }

    /** The tuned choices, by shape class. */
    public Map<String, ConvChoice> tuned() {
        return tuned;
    }
}
