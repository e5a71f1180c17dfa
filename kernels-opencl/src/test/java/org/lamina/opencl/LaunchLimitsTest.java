package org.lamina.opencl;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lamina.limits.AllocationTooLarge;

/**
 * Each launch and allocation is checked against its device's limits before the driver sees it, and a
 * request over a limit fails naming the kernel (or buffer), the limit and the value. Small fake limits
 * ({@link ClContext.Options#limits}) make a roomy device behave like a small GPU.
 */
class LaunchLimitsTest {
    static final ProgramSource TILED = ProgramSource.of("test/tiled.cl", """
            __kernel void copy_tiled(__global const float* x, __global float* y, __local float* tile, const int n) {
                const int i = get_global_id(0);
                const int l = get_local_id(0);
                tile[l] = i < n ? x[i] : 0.0f;
                barrier(CLK_LOCAL_MEM_FENCE);
                if (i < n) y[i] = tile[l];
            }
            __kernel void copy_static(__global const float* x, __global float* y, const int n) {
                __local float tile[1024];
                const int i = get_global_id(0);
                const int l = get_local_id(0);
                tile[l] = i < n ? x[i] : 0.0f;
                barrier(CLK_LOCAL_MEM_FENCE);
                if (i < n) y[i] = tile[l];
            }
            __kernel void copy_2d(__global const float* x, __global float* y, const int w, const int h) {
                const int c = get_global_id(0), r = get_global_id(1);
                if (c < w && r < h) y[r * w + c] = x[r * w + c];
            }
            """);

    private static ClContext small(DeviceLimits limits) {
        return ClContext.create(OpenClTests.device(), ClContext.Options.defaults().limits(limits));
    }

    @Test
    void aWorkGroupLargerThanTheDeviceAllowsIsRefusedByName() {
        try (ClContext ctx = small(new DeviceLimits(16, new long[] {16, 16, 16}, 1 << 20, 1L << 30));
                Buffer x = ctx.upload(new float[64]); Buffer y = ctx.allocate(64)) {
            Kernel k = ctx.program(TILED, Map.of()).kernel("copy_tiled");
            var e = assertThrows(IllegalArgumentException.class, () -> k.args().buffer(x).buffer(y)
                    .local(32 * 4).i(64).launch(new long[] {64}, new long[] {32}));
            assertTrue(e.getMessage().contains("copy_tiled") && e.getMessage().contains("32")
                    && e.getMessage().contains("16"), e.getMessage());
            // Within the limits the same kernel runs; launch1D lowers its work-group to fit.
            k.args().buffer(x).buffer(y).local(16 * 4).i(64).launch(new long[] {64}, new long[] {16});
            k.args().buffer(x).buffer(y).local(64 * 4).i(64).launch1D(64, 64);
            assertArrayEquals(new float[64], ctx.read(y));
        }
    }

    @Test
    void aWorkGroupOverTheWorkItemSizeOfADimensionIsRefused() {
        try (ClContext ctx = small(new DeviceLimits(64, new long[] {64, 4, 1}, 1 << 20, 1L << 30));
                Buffer x = ctx.upload(new float[64]); Buffer y = ctx.allocate(64)) {
            Kernel k = ctx.program(TILED, Map.of()).kernel("copy_2d");
            var e = assertThrows(IllegalArgumentException.class,
                    () -> k.args().buffer(x).buffer(y).i(8).i(8).launch(new long[] {8, 8}, new long[] {2, 8}));
            assertTrue(e.getMessage().contains("copy_2d") && e.getMessage().contains("dimension 1")
                    && e.getMessage().contains("CL_DEVICE_MAX_WORK_ITEM_SIZES"), e.getMessage());
            var dims = assertThrows(IllegalArgumentException.class,
                    () -> k.args().buffer(x).buffer(y).i(8).i(8).launch(new long[] {4, 4, 4, 4},
                            new long[] {1, 1, 1, 1}));
            assertTrue(dims.getMessage().contains("copy_2d") && dims.getMessage().contains("dimensions"),
                    dims.getMessage());
            k.args().buffer(x).buffer(y).i(8).i(8).launch(new long[] {8, 8}, new long[] {8, 4});
            assertArrayEquals(new float[64], ctx.read(y));
        }
    }

    @Test
    void theKernelsOwnWorkGroupLimitIsRespected() {
        ClContext ctx = OpenClTests.context();
        Kernel k = ctx.program(TILED, Map.of()).kernel("copy_2d");
        // One more than the kernel can run with (when that is the device's limit too, the device's check speaks).
        long local = k.maxWorkGroupSize() + 1;
        try (Buffer x = ctx.allocate(local); Buffer y = ctx.allocate(local)) {
            var e = assertThrows(IllegalArgumentException.class,
                    () -> k.args().buffer(x).buffer(y).i((int) local).i(1).launch(new long[] {local, 1},
                            new long[] {local, 1}));
            assertTrue(e.getMessage().contains("copy_2d") && e.getMessage().contains(Long.toString(local)),
                    e.getMessage());
        }
    }

    @Test
    void localMemoryOfTheKernelAndItsArgumentsIsCheckedAgainstTheDevice() {
        // 1 KiB of local memory: 4 KiB of static tile or a 2 KiB __local argument is too much.
        try (ClContext ctx = small(new DeviceLimits(256, new long[] {256, 256, 256}, 1024, 1L << 30));
                Buffer x = ctx.upload(new float[64]); Buffer y = ctx.allocate(64)) {
            Kernel dynamic = ctx.program(TILED, Map.of()).kernel("copy_tiled");
            var e = assertThrows(IllegalArgumentException.class, () -> dynamic.args().buffer(x).buffer(y)
                    .local(2048).i(64).launch(new long[] {64}, new long[] {64}));
            assertTrue(e.getMessage().contains("copy_tiled") && e.getMessage().contains("2048")
                    && e.getMessage().contains("1024") && e.getMessage().contains("CL_DEVICE_LOCAL_MEM_SIZE"),
                    e.getMessage());
            dynamic.args().buffer(x).buffer(y).local(256).i(64).launch(new long[] {64}, new long[] {64});
            Kernel fixed = ctx.program(TILED, Map.of()).kernel("copy_static");
            var s = assertThrows(IllegalArgumentException.class,
                    () -> fixed.args().buffer(x).buffer(y).i(64).launch(new long[] {64}, new long[] {64}));
            assertTrue(s.getMessage().contains("copy_static") && s.getMessage().contains("4096"), s.getMessage());
        }
    }

    @Test
    void anAllocationOverTheLargestTheDeviceAllowsIsRefused() {
        try (ClContext ctx = small(new DeviceLimits(256, new long[] {256, 256, 256}, 1 << 20, 4096))) {
            try (Buffer fits = ctx.allocate(1024)) {
                assertEquals(1024, fits.floats());
            }
            var e = assertThrows(AllocationTooLarge.class, () -> ctx.allocate(1025));
            assertEquals("a buffer of 4100 bytes is larger than the 4096 bytes " + ctx.device().name()
                    + " allocates at once (CL_DEVICE_MAX_MEM_ALLOC_SIZE)", e.getMessage());
            assertEquals("layer fc (forward): a tensor of shape [1025] of 4100 bytes is larger than the 4096 bytes "
                    + ctx.device().name() + " allocates at once (CL_DEVICE_MAX_MEM_ALLOC_SIZE)",
                    e.of("a tensor of shape [1025]").in("layer fc (forward)").in("the step").getMessage(),
                    "the innermost place wins");
            assertEquals(0, ctx.liveBuffers());
        }
    }

    @Test
    void theDeviceReportsItsLimits() {
        Device d = OpenClTests.device();
        DeviceLimits l = DeviceLimits.of(d);
        assertTrue(l.dimensions() >= 3, "OpenCL guarantees 3 dimensions: " + l);
        assertTrue(l.maxWorkItemSize(0) >= 1 && l.maxWorkGroupSize() >= 1 && l.localMemBytes() >= 1024, l.toString());
        DeviceLimits lower = l.min(new DeviceLimits(8, new long[] {8, 4}, 512, 100));
        assertEquals(new DeviceLimits(Math.min(8, l.maxWorkGroupSize()),
                new long[] {Math.min(8, l.maxWorkItemSize(0)), Math.min(4, l.maxWorkItemSize(1))}, 512, 100), lower);
    }
}
