package org.lamina.ops;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.lamina.backend.Backend;
import org.lamina.backend.PoolingOps.MaxPoolResult;
import org.lamina.geometry.PoolParams;
import org.lamina.tensor.Tensor;
import org.lamina.testing.TestBackends;

/**
 * Max pooling picks the index PyTorch 1.13 picks where the golden cases (no ties) cannot tell:
 * equal values, planes of -inf, NaN. Expected indices come from
 * {@code F.max_pool2d(x, 3, stride=2, padding=1, return_indices=True)} on a 4x5 plane.
 */
class MaxPool2dTiesTest {
    private static final MaxPool2d POOL = new MaxPool2d(PoolParams.kernel(3).stride(2).padding(1));

    static Stream<Arguments> backends() {
        return Stream.of(Arguments.of("java", (Supplier<Backend>) TestBackends::java),
                Arguments.of("opencl", (Supplier<Backend>) TestBackends::openCl));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void equalValuesGiveTheFirstInRowMajorOrder(String name, Supplier<Backend> backend) {
        float[] x = new float[20];
        Arrays.fill(x, 1f);
        assertArrayEquals(new float[] {0, 1, 3, 5, 6, 8}, indices(backend.get(), x));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void aWindowOfMinusInfinityGivesItsFirstValue(String name, Supplier<Backend> backend) {
        float[] x = new float[20];
        Arrays.fill(x, Float.NEGATIVE_INFINITY);
        assertArrayEquals(new float[] {0, 1, 3, 5, 6, 8}, indices(backend.get(), x));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void theLastNaNWins(String name, Supplier<Backend> backend) {
        float[] x = new float[20];
        for (int i = 0; i < 20; i++) {
            x[i] = i;
        }
        x[1] = Float.NaN;
        x[5] = Float.NaN;
        assertArrayEquals(new float[] {5, 1, 9, 5, 18, 19}, indices(backend.get(), x));
    }

    private static float[] indices(Backend be, float[] x) {
        try (Tensor t = be.tensor(x, 1, 1, 4, 5); MaxPoolResult r = POOL.forward(t)) {
            assertArrayEquals(new int[] {1, 1, 2, 3}, r.indices().dims());
            return r.indices().toArray();
        }
    }
}
