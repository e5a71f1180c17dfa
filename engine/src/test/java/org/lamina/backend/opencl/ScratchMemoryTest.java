package org.lamina.backend.opencl;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.lamina.geometry.ConvParams;
import org.lamina.ops.Conv2d;
import org.lamina.opencl.OpenClTests;
import org.lamina.tensor.Tensor;
import org.lamina.testing.TestBackends;
import org.lamina.testing.TestData;

/** The kernels' scratch memory is reported apart from the tensors', and stays put once grown. */
class ScratchMemoryTest {

    @Test
    void scratchIsReportedBesideTheTensors() {
        assertEquals(0, TestBackends.java().scratchBytes());
        try (OpenClBackend b = new OpenClBackend(OpenClTests.device())) {
            assertEquals(0, b.scratchBytes(), "a new backend holds no scratch");
            Random rnd = new Random(1);
            // 5x5 with 6 channels: im2col + GEMM, whose columns are scratch
            try (Tensor x = b.tensor(TestData.gaussian(rnd, 4 * 6 * 14 * 14), 4, 6, 14, 14);
                    Tensor w = b.tensor(TestData.gaussian(rnd, 16 * 6 * 5 * 5), 16, 6, 5, 5);
                    Tensor y = new Conv2d(ConvParams.defaults()).forward(x, w, null)) {
                long scratch = b.scratchBytes();
                assertTrue(scratch >= 4L * 6 * 25 * 10 * 10 * 4, "scratch " + scratch + " bytes");
                assertTrue(b.memory().inUse() >= (x.size() + w.size() + y.size()) * 4L);
                try (Tensor again = new Conv2d(ConvParams.defaults()).forward(x, w, null)) {
                    assertEquals(scratch, b.scratchBytes(), "the same layer again needs no more");
                }
            }
        }
    }
}
