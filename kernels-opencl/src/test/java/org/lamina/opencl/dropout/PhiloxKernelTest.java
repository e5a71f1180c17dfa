package org.lamina.opencl.dropout;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lamina.opencl.Buffer;
import org.lamina.opencl.ClContext;
import org.lamina.opencl.Kernel;
import org.lamina.opencl.OpenClTests;
import org.lamina.opencl.ProgramSource;

/**
 * The device's Philox4x32-10 against the Random123 known-answer vectors. The production program has no
 * test kernel: this test builds {@code dropout.cl}'s own text (common header included) with a test
 * kernel appended ({@code philox_kat.cl}, a test resource), so the generator checked is the one the
 * dropout kernels call.
 */
class PhiloxKernelTest {
    static final ProgramSource KAT = ProgramSource.of("test/philox_kat.cl", DropoutKernels.SOURCE.text() + "\n"
            + ProgramSource.resource(PhiloxKernelTest.class, "philox_kat.cl").text());

    @Test
    void devicePhiloxMatchesTheRandom123Vectors() {
        ClContext ctx = OpenClTests.context();
        Kernel philox = ctx.program(KAT, Map.of()).kernel("philox_kat");
        for (int[] v : PhiloxVectors.RANDOM123) {
            int[] got = new int[4];
            try (Buffer out = ctx.allocate(4)) {
                philox.args().buffer(out).i(v[0]).i(v[1]).i(v[2]).i(v[3]).i(v[4]).i(v[5]).launch1D(1, 1);
                float[] words = ctx.read(out);
                for (int i = 0; i < 4; i++) {
                    got[i] = Float.floatToRawIntBits(words[i]);
                }
            }
            assertArrayEquals(new int[] {v[6], v[7], v[8], v[9]}, got, String.format(
                    "counter %08x %08x %08x %08x key %08x %08x", v[0], v[1], v[2], v[3], v[4], v[5]));
        }
    }
}
