package org.lamina.golden;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.lamina.backend.Backend;
import org.lamina.testing.TestBackends;

/**
 * Every case of the dense-prediction reference set ({@code golden-dense}, made by
 * {@code tools/reference/dense_prediction_cases.py}) passes, on both backends. Runs in the Oclgrind run too.
 */
class DensePredictionConformanceTest {
    static final Set<String> OPS = Set.of("pixel_cross_entropy");

    static GoldenSet set() {
        return ReferenceSets.open("golden-dense");
    }

    @Test
    void theSetCoversEveryOpAndLaminaSupportsThem() {
        GoldenSet set = set();
        assertEquals(5, set.cases().size());
        assertEquals(OPS, set.cases().stream().map(GoldenCase::op).collect(Collectors.toSet()));
        for (String op : OPS) {
            assertTrue(Conformance.standard().supports(op), op);
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
        return ReferenceSets.cases(set(), backend);
    }
}
