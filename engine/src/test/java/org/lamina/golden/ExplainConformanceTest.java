package org.lamina.golden;

import static org.junit.jupiter.api.Assertions.*;

import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.lamina.backend.Backend;
import org.lamina.testing.TestBackends;

/**
 * The reference cases of {@code lamina explain} (tools/reference/explain_cases.py): the ReLU rules as
 * ops, and LeNet-5's saliency, guided-backpropagation and deconvnet input gradients, on both backends.
 */
class ExplainConformanceTest {

    static GoldenSet set() {
        return ReferenceSets.open("golden-explain");
    }

    @Test
    void everyCaseIsSupported() {
        GoldenSet set = set();
        assertEquals(5, set.cases().size());
        for (GoldenCase c : set.cases()) {
            assertTrue(Conformance.standard().supports(c.op()), c.op());
        }
    }

    @TestFactory
    Stream<DynamicTest> javaBackend() {
        return cases(TestBackends.java());
    }

    @TestFactory
    Stream<DynamicTest> openClBackend() {
        return cases(TestBackends.openCl());
    }

    private static Stream<DynamicTest> cases(Backend backend) {
        return ReferenceSets.cases(set(), backend);
    }
}
