package org.lamina.opencl.tuning;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.lamina.opencl.ClContext;
import org.lamina.opencl.OpenClTests;
import org.lamina.opencl.ProgramSource;
import org.lamina.opencl.activation.ActivationKernels;
import org.lamina.opencl.batchnorm.BatchNormKernels;
import org.lamina.opencl.conv.Conv2dKernels;
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

/** Every kernel family builds on the test device, with the common header, from the database's parameters. */
class KernelFamiliesTest {

    @Test
    void everyFamilyBuildsWithTheDatabasesParameters() {
        ClContext ctx = OpenClTests.context();
        TuningLookup l = TuningDatabase.forDevice(ctx.device());
        GemmKernels gemm = new GemmKernels(ctx);
        assertEquals(l.tuning(GemmKernels.Tuning.SPEC), gemm.tuning());
        assertEquals(l.tuning(PoolingKernels.Tuning.SPEC), new PoolingKernels(ctx).tuning());
        assertEquals(l.tuning(BatchNormKernels.Tuning.SPEC), new BatchNormKernels(ctx).tuning());
        assertEquals(l.tuning(ActivationKernels.Tuning.SPEC),
                new ActivationKernels(ctx).tuning());
        assertEquals(l.tuning(ElementwiseKernels.Tuning.SPEC),
                new ElementwiseKernels(ctx).tuning());
        assertEquals(l.tuning(OptimizerKernels.Tuning.SPEC), new OptimizerKernels(ctx).tuning());
        assertEquals(l.tuning(DenseKernels.Tuning.SPEC), new DenseKernels(ctx, gemm).tuning());
        assertEquals(l.tuning(LossKernels.Tuning.SPEC), new LossKernels(ctx).tuning());
        assertEquals(l.tuning(LocalResponseNormKernels.Tuning.SPEC),
                new LocalResponseNormKernels(ctx).tuning());
        assertEquals(l.tuning(Conv2dKernels.Tuning.SPEC), new Conv2dKernels(ctx).tuning());
        assertEquals(l.tuning(DepthwiseConv2dKernels.Tuning.SPEC),
                new DepthwiseConv2dKernels(ctx).tuning());
        assertEquals(l.tuning(Im2colConv2dKernels.Tuning.SPEC),
                new Im2colConv2dKernels(ctx, gemm).tuning());
        assertEquals(l.tuning(WinogradConv2dKernels.Tuning.SPEC),
                new WinogradConv2dKernels(ctx, gemm).tuning());
        assertEquals(l.tuning(DilationPhases.Tuning.SPEC), new DilationPhases(ctx).tuning());
        assertEquals(l.tuning(DropoutKernels.Tuning.SPEC), new DropoutKernels(ctx).tuning());
        assertEquals(l.tuning(RegularizationKernels.Tuning.SPEC), new RegularizationKernels(ctx).tuning());
        // Every program the families built carries the common header and a family's own file after it
        // (the shared context also holds other tests' own programs, named test/..., which are not families).
        String header = ProgramSource.of("x", "").withCommonHeader().text();
        var families = ctx.programs().stream().filter(p -> !p.source().name().startsWith("test/")).toList();
        assertFalse(families.isEmpty());
        for (var p : families) {
            assertTrue(p.source().text().startsWith(header), p.source().name());
        }
    }

    @Test
    void theHeaderIsPartOfTheHashAndNoFamilyCopiesItsHelpers() throws IOException {
        ProgramSource body = ProgramSource.of("k.cl", "__kernel void k() {}");
        ProgramSource full = body.withCommonHeader();
        assertNotEquals(body.hash(), full.hash());
        assertEquals(ProgramSource.of("k.cl", full.text()).hash(), full.hash());
        assertTrue(full.text().contains("GROUP_REDUCE(group_sum,") && full.text().endsWith("#line 1\n" + body.text()));
        Pattern copied = Pattern.compile("static float group_(sum|max)\\(|GROUP_REDUCE\\(group_"
                + "|#define (CAT_|UNROLL|floatV|vloadV|FOR_ITEMS|BLOCKS|GROUP_REDUCE)\\b|bool tile_position\\(|int tap_output\\(");
        for (String file : List.of("activation/activations.cl", "batchnorm/batchnorm.cl", "conv/conv2d.cl",
                "conv/depthwise_conv2d.cl", "conv/im2col.cl", "conv/phases.cl", "conv/winograd.cl", "conv/winograd4.cl",
                "dense/dense.cl", "dropout/dropout.cl", "elementwise/elementwise.cl", "gemm/gemm.cl",
                "loss/losses.cl", "lrn/local_response_norm.cl", "optim/optimizers.cl", "pooling/pooling.cl",
                "regularize/regularization.cl")) {
            try (InputStream in = ProgramSource.class.getResourceAsStream(file)) {
                assertNotNull(in, file);
                String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                assertFalse(copied.matcher(text).find(), file + " defines a helper of common.cl again");
            }
        }
    }
}
