package org.lamina.exec;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.lamina.backend.opencl.OpenClBackend;
import org.lamina.graph.Graph;
import org.lamina.graph.Network;
import org.lamina.graph.Node;
import org.lamina.limits.AllocationTooLarge;
import org.lamina.opencl.ClContext;
import org.lamina.opencl.DeviceLimits;
import org.lamina.opencl.OpenClTests;
import org.lamina.tensor.Tensor;

/**
 * A tensor larger than the device allocates at once is refused before the driver sees it, and the
 * refusal names the tensor (its layer and pass, or the parameter) and both sizes (issue 16).
 */
class DeviceAllocationLimitTest {

    /** conv1: 8 channels of 16x16 (8,192 bytes an image); fc: a 10x2048 weight (81,920 bytes). */
    static Network network() {
        Graph g = new Graph("small");
        Node x = g.input("image", 1, 16, 16);
        Node c = g.conv2d(x, 8, 3).pad(1).name("conv1").relu();
        g.output(c.flatten().dense(10).name("fc"));
        return g.build();
    }

    private static ClContext limitedTo(long maxAllocBytes) {
        return ClContext.create(OpenClTests.device(), ClContext.Options.defaults()
                .limits(new DeviceLimits(1 << 20, new long[] {1 << 20, 1 << 20, 1 << 20}, 1L << 30, maxAllocBytes)));
    }

    @Test
    void anActivationTooLargeNamesTheLayerThePassTheBatchAndTheSizes() {
        try (ClContext ctx = limitedTo(1 << 20); OpenClBackend b = new OpenClBackend(ctx);
                Model m = new Model(network(), b, 1)) {
            Executor ex = new Executor(m);
            try (Tensor fits = b.zeros(4, 1, 16, 16); Pass p = ex.forward(Map.of("image", fits), 1, Set.of())) {
                assertArrayEquals(new int[] {4, 10}, p.output("fc").dims());
            }
            try (Tensor x = b.zeros(256, 1, 16, 16)) {
                var e = assertThrows(AllocationTooLarge.class, () -> ex.forward(Map.of("image", x), 1, Set.of()));
                assertEquals("layer conv1 (conv2d+relu, forward, batch 256): a tensor of shape [256, 8, 16, 16] of 2097152"
                        + " bytes is larger than the 1048576 bytes " + ctx.device().name() + " allocates at once"
                        + " (CL_DEVICE_MAX_MEM_ALLOC_SIZE)", e.getMessage());
            }
        }
    }

    @Test
    void aParameterTooLargeNamesTheParameterAndLeavesNoBuffer() {
        try (ClContext ctx = limitedTo(64 * 1024); OpenClBackend b = new OpenClBackend(ctx)) {
            var e = assertThrows(AllocationTooLarge.class, () -> new Model(network(), b, 1));
            assertEquals("parameter fc.weight of small: a tensor of shape [10, 2048] of 81920 bytes is larger than the"
                    + " 65536 bytes " + ctx.device().name() + " allocates at once (CL_DEVICE_MAX_MEM_ALLOC_SIZE)",
                    e.getMessage());
            b.close();
            assertEquals(0, ctx.liveBuffers(), "the parameters made before the refusal are released");
        }
    }

    @Test
    void aKernelsScratchTooLargeNamesTheLayerItRunsFor() {
        // fc's product of a batch of 4 by its 10x2048 weight gathers panels (scratch) larger than 128 KiB on
        // this device's kernels; whichever buffer is refused, the layer and pass are named
        try (ClContext ctx = limitedTo(128 * 1024); OpenClBackend b = new OpenClBackend(ctx);
                Model m = new Model(network(), b, 1); Tensor x = b.zeros(4, 1, 16, 16)) {
            var e = assertThrows(AllocationTooLarge.class,
                    () -> new Executor(m).forward(Map.of("image", x), 1, Set.of()));
            assertTrue(e.getMessage().startsWith("layer fc (dense, forward, batch 4): a "), e.getMessage());
            assertTrue(e.getMessage().contains(" is larger than the 131072 bytes "), e.getMessage());
        }
    }

    @Test
    void aBackwardPassTooLargeNamesTheLayerAndThePass() {
        // at 512 KiB a batch of 16 passes forward, and conv1's weight gradient needs more scratch than that
        try (ClContext ctx = limitedTo(512 * 1024); OpenClBackend b = new OpenClBackend(ctx);
                Model m = new Model(network(), b, 1); Tensor x = b.zeros(16, 1, 16, 16); Tensor g = b.zeros(16, 10)) {
            Executor ex = new Executor(m);
            try (Pass p = ex.forward(Map.of("image", x), 1, Set.of())) {
                var e = assertThrows(AllocationTooLarge.class, () -> ex.backward(p, Map.of("fc", g), Set.of()));
                assertTrue(e.getMessage().startsWith("layer conv1 (conv2d+relu, backward, batch 16): a "), e.getMessage());
                assertTrue(e.getMessage().contains(" is larger than the 524288 bytes "), e.getMessage());
            }
        }
    }
}
