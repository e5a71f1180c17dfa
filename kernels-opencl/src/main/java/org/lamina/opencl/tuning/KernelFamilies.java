package org.lamina.opencl.tuning;

import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
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
 * its declaration ({@link TuningSpec}): so that a file naming an unknown family, or holding a value a
 * family rejects, is reported when it is read, naming the file and the parameter.
 */
public final class KernelFamilies {
    private KernelFamilies() {
    }

    private static final Map<String, TuningSpec<?>> SPECS = Stream.of(GemmKernels.Tuning.SPEC,
            Conv2dKernels.Tuning.SPEC, ConvSelector.Rules.SPEC, DepthwiseConv2dKernels.Tuning.SPEC,
            Im2colConv2dKernels.Tuning.SPEC, WinogradConv2dKernels.Tuning.SPEC, DilationPhases.Tuning.SPEC,
            PoolingKernels.Tuning.SPEC, BatchNormKernels.Tuning.SPEC, ActivationKernels.Tuning.SPEC,
            ElementwiseKernels.Tuning.SPEC, OptimizerKernels.Tuning.SPEC, DenseKernels.Tuning.SPEC,
            LossKernels.Tuning.SPEC, LocalResponseNormKernels.Tuning.SPEC, DropoutKernels.Tuning.SPEC,
            RegularizationKernels.Tuning.SPEC).collect(Collectors.toMap(TuningSpec::family, s -> s, (a, b) -> {
                throw new IllegalStateException("two families named " + a.family());
            }, TreeMap::new));

    /** Every family's name and tuning declaration. */
    public static Map<String, TuningSpec<?>> all() {
        return SPECS;
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
            TuningSpec<?> spec = SPECS.get(family);
            if (spec == null) {
                throw new IllegalArgumentException(file + ": parameters." + family + ": unknown kernel family; the "
                        + "families are " + SPECS.keySet());
            }
            lookup.tuning(spec);
        }
    }
}
