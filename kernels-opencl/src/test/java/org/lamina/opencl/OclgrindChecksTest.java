package org.lamina.opencl;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Assumptions;

/**
 * The Oclgrind run would prove nothing if Oclgrind's checks were off or its log unread: each test here
 * launches a kernel with one deliberate bug and expects Oclgrind to report it. Runs only in the
 * Oclgrind run ({@value Oclgrind#RUN_VARIABLE}=1).
 */
class OclgrindChecksTest {
    static final ProgramSource BUGS = ProgramSource.of("test/bugs.cl", """
            __kernel void read_past_end(__global const float* x, __global float* y, const int n) {
                const int i = get_global_id(0);
                y[i] = x[i + 1]; // the last work-item reads one past the end
            }
            __kernel void racy_sum(__global float* y) {
                y[0] += 1.0f; // every work-item writes the same value unsynchronized
            }
            __kernel void diverging_barrier(__global float* y) {
                const int l = get_local_id(0);
                if (l == 0) {
                    barrier(CLK_LOCAL_MEM_FENCE); // only one work-item of the group reaches it
                }
                y[get_global_id(0)] = l;
            }
            """);

    @BeforeEach
    void onlyInTheOclgrindRun() {
        Assumptions.assumeTrue(Oclgrind.run(), "runs in the Oclgrind run only (" + Oclgrind.RUN_VARIABLE + "=1)");
        assertNotNull(Oclgrind.log(), "the Oclgrind run sets OCLGRIND_LOG");
        assertTrue(Oclgrind.is(OpenClTests.device()), "the Oclgrind run runs on Oclgrind: " + OpenClTests.device());
        assertTrue(OpenClTests.context().strict(), "the Oclgrind run runs in strict mode");
        OclgrindLogCheck.take();
    }

    @Test
    void anOutOfBoundsReadIsReported() {
        ClContext ctx = OpenClTests.context();
        try (Buffer x = ctx.upload(new float[8]); Buffer y = ctx.allocate(8)) {
            ctx.program(BUGS, Map.of()).kernel("read_past_end").args().buffer(x).buffer(y).i(8)
                    .launch(new long[] {8}, new long[] {8});
            String log = OclgrindLogCheck.take();
            assertTrue(log.contains("Invalid read"), "Oclgrind's log: " + log);
            assertTrue(log.contains("read_past_end"), log);
        }
    }

    @Test
    void aDataRaceIsReported() {
        ClContext ctx = OpenClTests.context();
        try (Buffer y = ctx.upload(new float[1])) {
            ctx.program(BUGS, Map.of()).kernel("racy_sum").args().buffer(y).launch(new long[] {4}, new long[] {4});
            String log = OclgrindLogCheck.take();
            assertTrue(log.contains("data race"), "Oclgrind's log (OCLGRIND_DATA_RACES=1): " + log);
        }
    }

    @Test
    void aDivergentBarrierIsReported() {
        ClContext ctx = OpenClTests.context();
        try (Buffer y = ctx.allocate(4)) {
            ctx.program(BUGS, Map.of()).kernel("diverging_barrier").args().buffer(y)
                    .launch(new long[] {4}, new long[] {4});
            String log = OclgrindLogCheck.take();
            assertTrue(log.toLowerCase(Locale.ROOT).contains("divergence"), "Oclgrind's log: " + log);
        }
    }
}
