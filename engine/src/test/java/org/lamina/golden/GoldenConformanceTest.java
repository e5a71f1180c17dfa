package org.lamina.golden;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.lamina.backend.Backend;
import org.lamina.testing.TestBackends;

/** Every case of the PyTorch reference set whose op Lamina implements passes, on both backends. */
class GoldenConformanceTest {
    /** Ops that must be implemented by now; grows as the kernel issues land. */
    static final Set<String> REQUIRED = Set.of("conv2d", "conv_transpose2d", "max_pool2d", "avg_pool2d",
            "adaptive_avg_pool2d", "local_response_norm", "batch_norm2d", "relu", "leaky_relu", "elu", "sigmoid",
            "tanh", "softmax", "log_softmax", "linear", "cross_entropy", "multi_margin_loss", "mse_loss",
            "optimizer_sgd", "optimizer_adam", "optimizer_adamw", "optimizer_rmsprop", "optimizer_adagrad", "lenet5", "gram_matrix",
            "style_loss", "content_loss");

    @Test
    void theSetIsComplete() {
        GoldenSet set = TestBackends.golden();
        assertEquals(72, set.cases().size());
        for (String op : REQUIRED) {
            assertTrue(Conformance.standard().supports(op), op);
            assertTrue(set.cases().stream().anyMatch(c -> c.op().equals(op)), op);
        }
    }

    @TestFactory
    Stream<DynamicTest> javaBackend() {
        return cases(TestBackends.java());
    }

    @TestFactory
    Stream<DynamicTest> javaFloatBackend() {
        return cases(TestBackends.javaFloat());
    }

    @TestFactory
    Stream<DynamicTest> openClBackend() {
        return cases(TestBackends.openCl());
    }

    private static Stream<DynamicTest> cases(Backend backend) {
        Conformance conformance = Conformance.standard();
        List<GoldenCase> cases = TestBackends.golden().cases().stream()
                .filter(c -> conformance.supports(c.op())).toList();
        assertFalse(cases.isEmpty());
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            CaseResult r = conformance.run(c, backend);
            assertEquals(CaseResult.Status.PASS, r.status(), c.name() + " on " + backend.device() + ": " + r.detail());
            assertTrue(r.maxAbsError() >= 0 && r.maxAbsError() < Double.POSITIVE_INFINITY);
        }));
    }
}
