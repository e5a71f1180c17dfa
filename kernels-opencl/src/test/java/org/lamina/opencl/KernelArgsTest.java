package org.lamina.opencl;

import static org.jocl.CL.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Kernel arguments are typed at the call and checked against the kernel's declared parameters: a
 * value of the wrong type (in strict mode, whose programs keep their argument info), one too many or
 * one too few is an error naming the kernel, the argument and the types, before the driver sees it (an
 * {@code int} for a {@code float} would otherwise pass as a wrong value).
 */
class KernelArgsTest {
    static final ProgramSource AXPY = ProgramSource.of("test/axpy.cl", """
            __kernel void axpy(__global const float* x, __global float* y, const float a, const int n,
                               const long offset) {
                const int i = get_global_id(0);
                if (i < n) y[i + offset] += a * x[i];
            }
            __kernel void other(__global float* y) {
                y[get_global_id(0)] = 0.0f;
            }
            """);

    private static Kernel axpy(ClContext ctx) {
        return ctx.program(AXPY, Map.of()).kernel("axpy");
    }

    @Test
    void typedArgumentsRunTheKernel() {
        ClContext ctx = OpenClTests.context();
        Kernel k = axpy(ctx);
        assertEquals(5, k.arguments());
        try (Buffer x = ctx.upload(new float[] {1, 2, 3, 4}); Buffer y = ctx.upload(new float[] {0, 1, 1, 1, 1})) {
            k.args().buffer(x).buffer(y).f(0.5f).i(4).l(1).launch1D(4, 4);
            assertArrayEquals(new float[] {0, 1.5f, 2, 2.5f, 3}, ctx.read(y));
        }
    }

    @Test
    void anIntForAFloatParameterIsRefusedNamingKernelArgumentAndTypes() {
        try (ClContext ctx = ClContext.create(OpenClTests.device(), ClContext.Options.defaults().strict(true));
                Buffer x = ctx.allocate(4); Buffer y = ctx.allocate(4)) {
            Kernel k = axpy(ctx);
            var e = assertThrows(IllegalArgumentException.class,
                    () -> k.args().buffer(x).buffer(y).i(2).i(4).l(0).launch1D(4, 4));
            // Drivers that keep no argument info (CL_KERNEL_ARG_INFO_NOT_AVAILABLE) cannot check types;
            // pocl, the test device, keeps it.
            assertEquals("kernel axpy argument 2 (a): the kernel declares float (float), the launch gives int",
                    e.getMessage());
            e = assertThrows(IllegalArgumentException.class,
                    () -> k.args().buffer(x).buffer(y).f(2).i(4).i(0).launch1D(4, 4));
            assertTrue(e.getMessage().contains("argument 4 (offset)") && e.getMessage().contains("long")
                    && e.getMessage().contains("gives int"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class,
                    () -> k.args().f(1).buffer(y).f(2).i(4).l(0).launch1D(4, 4));
            assertTrue(e.getMessage().contains("argument 0 (x)") && e.getMessage().contains("buffer"),
                    e.getMessage());
        }
    }

    @Test
    void tooManyTooFewOrAnotherKernelsArgumentsAreRefused() {
        ClContext ctx = OpenClTests.context();
        Kernel k = axpy(ctx);
        try (Buffer x = ctx.allocate(4); Buffer y = ctx.allocate(4)) {
            var many = assertThrows(IllegalArgumentException.class,
                    () -> k.args().buffer(x).buffer(y).f(2).i(4).l(0).i(9));
            assertTrue(many.getMessage().contains("axpy takes 5 arguments"), many.getMessage());
            var few = assertThrows(IllegalArgumentException.class,
                    () -> k.args().buffer(x).buffer(y).f(2).launch1D(4, 4));
            assertEquals("kernel axpy: 3 of its 5 arguments given", few.getMessage());
            Kernel other = ctx.program(AXPY, Map.of()).kernel("other");
            var foreign = assertThrows(IllegalArgumentException.class,
                    () -> k.launch1D(4, 4, other.args().buffer(y)));
            assertTrue(foreign.getMessage().contains("kernel axpy: given the arguments of kernel other"),
                    foreign.getMessage());
        }
    }

    @Test
    void declaredTypesMapToArgumentKinds() {
        assertEquals(KernelArgs.INT, Kernel.kindOf(CL_KERNEL_ARG_ADDRESS_PRIVATE, "uint"));
        assertEquals(KernelArgs.LONG, Kernel.kindOf(CL_KERNEL_ARG_ADDRESS_PRIVATE, "ulong"));
        assertEquals(KernelArgs.FLOAT, Kernel.kindOf(CL_KERNEL_ARG_ADDRESS_PRIVATE, "float"));
        assertEquals(KernelArgs.BUFFER, Kernel.kindOf(CL_KERNEL_ARG_ADDRESS_GLOBAL, "float*"));
        assertEquals(KernelArgs.LOCAL, Kernel.kindOf(CL_KERNEL_ARG_ADDRESS_LOCAL, "float*"));
        assertEquals(0, Kernel.kindOf(CL_KERNEL_ARG_ADDRESS_PRIVATE, "float4"), "unchecked");
    }
}
