package org.lamina.device;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lamina.backend.Backend;
import org.lamina.opencl.Buffer;
import org.lamina.opencl.ProgramSource;
import org.lamina.tensor.Tensor;
import org.lamina.testing.TestBackends;

/** What backends open to plugins: host arrays on the Java backend, context, buffers and programs on OpenCL. */
class DeviceAccessTest {
    static final ProgramSource SCALE = ProgramSource.of("test/scale.cl", """
            #ifndef FACTOR
            #define FACTOR 1
            #endif
            __kernel void scale(const int n, __global const float* x, __global float* y) {
                const int i = get_global_id(0);
                if (i < n) {
                    y[i] = FACTOR * x[i];
                }
            }
            """);

    @Test
    void theJavaBackendSharesItsArrays() {
        Backend java = TestBackends.java();
        HostAccess host = assertInstanceOf(HostAccess.class, java.deviceAccess());
        assertEquals(java.device(), host.device());
        try (Tensor x = java.tensor(new float[] {1, 2, 3}, 3); Tensor z = host.allocate(2, 2)) {
            host.data("test", "x", x)[1] = 7;
            assertArrayEquals(new float[] {1, 7, 3}, x.toArray(), "writes reach the tensor");
            assertArrayEquals(new float[4], z.toArray());
            assertArrayEquals(new int[] {2, 2}, z.dims());
            float[] values = {4, 5};
            try (Tensor w = host.wrap(values, 2)) {
                values[0] = 6;
                assertArrayEquals(new float[] {6, 5}, w.toArray(), "wrap takes the array over, no copy");
            }
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> host.wrap(values, 3));
            assertTrue(e.getMessage().contains("2 values") && e.getMessage().contains("[3]"), e.getMessage());
        }
    }

    @Test
    void theOpenClBackendRunsAPluginsKernelInItsQueue() {
        Backend cl = TestBackends.openCl();
        OpenClAccess access = assertInstanceOf(OpenClAccess.class, cl.deviceAccess());
        assertTrue(access.defaultWorkGroup() >= 1);
        try (Tensor x = cl.tensor(new float[] {1, -2, 3, 0.5f, 8}, 5); Tensor y = access.allocate(5)) {
            Buffer bx = access.buffer("scale", "x", x), by = access.buffer("scale", "y", y);
            assertTrue(bx.floats() >= 5);
            access.program(SCALE, Map.of("FACTOR", 3)).kernel("scale").args().i(5).buffer(bx).buffer(by)
                    .launch1D(5, access.defaultWorkGroup());
            assertArrayEquals(new float[] {3, -6, 9, 1.5f, 24}, y.toArray(), "read in queue order after the kernel");
            assertSame(access.program(SCALE, Map.of("FACTOR", 3)), access.program(SCALE, Map.of("FACTOR", 3)),
                    "programs are cached by the context");
        }
    }

    @Test
    void tensorsOfAnotherBackendAreNamedErrors() {
        Backend cl = TestBackends.openCl();
        Backend java = TestBackends.java();
        OpenClAccess access = (OpenClAccess) cl.deviceAccess();
        HostAccess host = (HostAccess) java.deviceAccess();
        try (Tensor onJava = java.tensor(new float[] {1}, 1); Tensor onCl = cl.tensor(new float[] {1}, 1)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> access.buffer("myop", "input", onJava));
            assertTrue(e.getMessage().contains("myop: input is on host"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> host.data("myop", "weight", onCl));
            assertTrue(e.getMessage().contains("myop: weight is on opencl"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> host.data("myop", "bias", null));
            assertTrue(e.getMessage().contains("myop: bias is missing"), e.getMessage());
        }
    }
}
