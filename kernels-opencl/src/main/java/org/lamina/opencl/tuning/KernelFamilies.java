package org.lamina.opencl.tuning;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.lamina.opencl.activation.ActivationKernels;
import org.lamina.opencl.batchnorm.BatchNormKernels;
import org.lamina.opencl.conv.Conv2dKernels;
import org.lamina.opencl.conv.ConvSelector;
import org.lamina.opencl.conv.DepthwiseConv2dKernels;
import org.lamina.opencl.conv.DilationPhases;
import org.lamina.opencl.conv.Im2colConv2dKernels;
import org.lamina.opencl.conv.WinogradConv2dKernels;
import org.lamina.opencl.dense.DenseKernels;
import org.lamina.opencl.dropout.DropoutKernels;
import org.lamina.opencl.elementwise.ElementwiseKernels;
import org.lamina.opencl.gemm.GemmKernels;
import org.lamina.opencl.loss.LossKernels;
import org.lamina.opencl.lrn.LocalResponseNormKernels;
import org.lamina.opencl.optim.OptimizerKernels;
import org.lamina.opencl.pooling.PoolingKernels;
import org.lamina.opencl.regularize.RegularizationKernels;

/**
 * The kernel families that take parameters from the tuning database (and the convolution rules'
 * thresholds, {@code convRules}), by their name there, each with
 * the function that builds its tuning: so that a file naming an unknown family, or holding a value a
 * family rejects, is reported when it is read, naming the file and the parameter.
 */
public final class KernelFamilies {
    private KernelFamilies() {
    }

    private static final Map<String, Function<TuningParameters, ?>> BUILDERS = new TreeMap<>(Map.ofEntries(
            Map.entry(GemmKernels.FAMILY, GemmKernels.Tuning::of),
            Map.entry(Conv2dKernels.FAMILY, Conv2dKernels.Tuning::of),
            Map.entry(ConvSelector.FAMILY, ConvSelector.Rules::of),
            Map.entry(DepthwiseConv2dKernels.FAMILY, DepthwiseConv2dKernels.Tuning::of),
            Map.entry(Im2colConv2dKernels.FAMILY, Im2colConv2dKernels.Tuning::of),
            Map.entry(WinogradConv2dKernels.FAMILY, WinogradConv2dKernels.Tuning::of),
            Map.entry(DilationPhases.FAMILY, DilationPhases::tuningOf),
            Map.entry(PoolingKernels.FAMILY, PoolingKernels.Tuning.SPEC::read),
            Map.entry(BatchNormKernels.FAMILY, BatchNormKernels.Tuning.SPEC::read),
            Map.entry(ActivationKernels.FAMILY, ActivationKernels.Tuning::of),
            Map.entry(ElementwiseKernels.FAMILY, ElementwiseKernels.Tuning::of),
            Map.entry(OptimizerKernels.FAMILY, OptimizerKernels.Tuning.SPEC::read),
            Map.entry(DenseKernels.FAMILY, DenseKernels.Tuning::of),
            Map.entry(LossKernels.FAMILY, LossKernels.Tuning::of),
            Map.entry(LocalResponseNormKernels.FAMILY, LocalResponseNormKernels.Tuning::of),
            Map.entry(DropoutKernels.FAMILY, DropoutKernels::tuningOf),
            Map.entry(RegularizationKernels.FAMILY, RegularizationKernels.Tuning::of)));

    /** Every family's name and tuning builder. */
    public static Map<String, Function<TuningParameters, ?>> all() {
        return BUILDERS;
    }

    /**
     * Builds the tuning of every family {@code table} sets, for {@code device}, over {@code database}:
     * the check that a file is usable on the device.
     *
     * @throws IllegalArgumentException naming {@code file} and the family or parameter otherwise
     */
    static void check(TuningTable table, String file, DeviceDescription device, TuningDatabase database) {
        TuningLookup lookup = database.lookup(device, table, file);
        for (String family : table.parameters().keySet()) {
            Function<TuningParameters, ?> build = BUILDERS.get(family);
            if (build == null) {
                throw new IllegalArgumentException(file + ": parameters." + family + ": unknown kernel family; the "
                        + "families are " + BUILDERS.keySet());
            }
            lookup.tuning(family, build);
        }
    }
}
