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
 * Every case of the 1-D and 3-D reference set ({@code golden-nd}, made by
 * {@code tools/reference/conv_nd_cases.py}) passes, on both backends. Runs in the Oclgrind run too.
 */
class ConvNdConformanceTest {
    static final Set<String> OPS = Set.of("conv1d", "conv3d", "max_pool1d", "avg_pool1d", "max_pool3d", "avg_pool3d",
            "adaptive_avg_pool3d");

    static GoldenSet set() {
        return ReferenceSets.open("golden-nd");
    }

    @Test
    void theSetCoversEveryOpAndLaminaSupportsThem() {
        GoldenSet set = set();
        assertEquals(24, set.cases().size());
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
