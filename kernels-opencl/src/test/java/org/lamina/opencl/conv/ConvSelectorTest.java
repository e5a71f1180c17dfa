package org.lamina.opencl.conv;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lamina.geometry.ConvGeometry;
import org.lamina.geometry.ConvParams;
import org.lamina.opencl.DeviceType;

/** The untuned rules: which algorithm each kind of convolution gets on each device type. */
class ConvSelectorTest {
    private static ConvGeometry conv(int cin, int cout, int size, int kernel, ConvParams p) {
        return ConvGeometry.forward("t", new int[] {4, cin, size, size},
                new int[] {cout, cin / p.groups(), kernel, kernel}, p);
    }

    @Test
    void cpusRunWideThreeByThreeStrideOneLayersWithWinograd() {
        ConvSelector cpu = ConvSelector.rules(DeviceType.CPU);
        ConvChoice winograd = ConvChoice.all(ConvAlgorithm.WINOGRAD);
        // Below 64 channels the weight gradient stays with im2col.
        ConvChoice narrow = new ConvChoice(ConvAlgorithm.WINOGRAD, ConvAlgorithm.WINOGRAD, ConvAlgorithm.IM2COL_GEMM);
        ConvParams pad1 = ConvParams.defaults().padding(1);
        assertEquals(winograd, cpu.rule(conv(64, 64, 32, 3, pad1)));
        assertEquals(winograd, cpu.rule(conv(256, 256, 8, 3, pad1)));
        assertEquals(narrow, cpu.rule(conv(16, 32, 7, 3, ConvParams.defaults())));
        assertEquals(narrow, cpu.rule(conv(64, 32, 7, 3, ConvParams.defaults())));
        assertEquals(winograd, cpu.rule(conv(64, 64, 32, 3, ConvParams.defaults().padding(2).dilation(2))));
        assertEquals(narrow, cpu.rule(conv(32, 32, 32, 3, ConvParams.defaults().padding(2).dilation(2))));
        // Few channels (the first layer), stride 2, groups: im2col + GEMM.
        assertEquals(ConvChoice.all(ConvAlgorithm.IM2COL_GEMM), cpu.rule(conv(3, 64, 32, 3, pad1)));
        assertEquals(ConvChoice.all(ConvAlgorithm.IM2COL_GEMM), cpu.rule(conv(64, 8, 32, 3, pad1)));
        assertEquals(ConvChoice.all(ConvAlgorithm.IM2COL_GEMM), cpu.rule(conv(64, 128, 32, 3, pad1.stride(2))));
        assertEquals(ConvChoice.all(ConvAlgorithm.IM2COL_GEMM), cpu.rule(conv(64, 64, 32, 3, pad1.groups(2))));
        assertEquals(ConvChoice.all(ConvAlgorithm.DEPTHWISE), cpu.rule(conv(64, 64, 32, 3, pad1.groups(64))));
        // 1x1: products of the layer itself, but the weight gradient unfolds x transposed (vector loads)
        ConvChoice pointwise = new ConvChoice(ConvAlgorithm.POINTWISE_GEMM, ConvAlgorithm.POINTWISE_GEMM,
                ConvAlgorithm.IM2COL_GEMM);
        assertEquals(pointwise, cpu.rule(conv(64, 64, 32, 1, ConvParams.defaults())));
        assertEquals(pointwise, ConvSelector.rules(DeviceType.GPU).rule(conv(256, 64, 16, 1, ConvParams.defaults())));
    }

    /** The keys tuned files store classes under stay as they were written. */
    @Test
    void shapeClassKeys() {
        ConvParams pad1 = ConvParams.defaults().padding(1);
        assertEquals("3x3-s1-d1-dense-r1024-k128-p1024", ConvShapeClass.of(conv(64, 64, 32, 3, pad1)).key());
        ConvShapeClass depthwise = ConvShapeClass.of(conv(64, 64, 32, 3, pad1.stride(2).groups(64)));
        assertEquals(new ConvShapeClass("3x3", true, false, ConvShapeClass.Grouping.DEPTHWISE, "32", "8", "256"),
                depthwise);
        assertEquals("3x3-s2-d1-depthwise-r32-k8-p256", depthwise.key());
        assertEquals("other-s1-d2-grouped-r1024+-k128+-p1024+",
                ConvShapeClass.of(conv(512, 512, 64, 7, ConvParams.defaults().padding(6).dilation(2).groups(2))).key());
    }

    @Test
    void otherDevicesKeepIm2colUntilTuned() {
        ConvGeometry g = conv(64, 64, 32, 3, ConvParams.defaults().padding(1));
        assertEquals(ConvChoice.all(ConvAlgorithm.IM2COL_GEMM), ConvSelector.rules(DeviceType.GPU).rule(g));
        ConvSelector tuned = new ConvSelector(DeviceType.GPU, Map.of(ConvShapeClass.of(g).key(),
                ConvChoice.all(ConvAlgorithm.WINOGRAD)));
        assertEquals(ConvAlgorithm.WINOGRAD, tuned.forward(g));
        assertEquals(ConvAlgorithm.WINOGRAD, tuned.backwardData(g));
    }

    @Test
    void winogradSupportsThreeByThreeStrideOneDenseConvolutions() {
        ConvParams pad1 = ConvParams.defaults().padding(1);
        assertTrue(ConvAlgorithm.WINOGRAD.supports(conv(3, 5, 9, 3, ConvParams.defaults().padding(3))));
        assertFalse(ConvAlgorithm.WINOGRAD.supports(conv(4, 4, 9, 3, pad1.stride(2))));
        assertFalse(ConvAlgorithm.WINOGRAD.supports(conv(4, 4, 9, 5, pad1)));
        assertTrue(ConvAlgorithm.WINOGRAD.supports(conv(4, 4, 9, 3, pad1.dilation(2))));
        assertFalse(ConvAlgorithm.WINOGRAD.supports(conv(4, 4, 9, 3, pad1.groups(2))));
    }
}
