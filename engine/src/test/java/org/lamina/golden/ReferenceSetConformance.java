package org.lamina.golden;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.lamina.testing.TestBackends;

/**
 * The conformance tests of a reference set kept as test resources: the set has the cases and ops its
 * generator writes, Lamina supports every op, and every case passes on the Java reference, the Java float backend and OpenCL.
 */
abstract class ReferenceSetConformance {
    private final String folder;
    private final int size;
    private final Set<String> ops;

    /** The set in test resource folder {@code folder}, with {@code size} cases of exactly {@code ops}. */
    ReferenceSetConformance(String folder, int size, Set<String> ops) {
        this.folder = folder;
        this.size = size;
        this.ops = ops;
    }

    GoldenSet set() {
        return ReferenceSets.open(folder);
    }

    @Test
    void theSetCoversEveryOpAndLaminaSupportsThem() {
        GoldenSet set = set();
        assertEquals(size, set.cases().size());
        assertEquals(ops, set.cases().stream().map(GoldenCase::op).collect(Collectors.toSet()));
        for (String op : ops) {
            assertTrue(Conformance.standard().supports(op), op);
        }
    }

    @TestFactory
    Stream<DynamicTest> javaBackend() {
        return ReferenceSets.cases(set(), TestBackends.java());
    }

    @TestFactory
    Stream<DynamicTest> javaFloatBackend() {
        return ReferenceSets.cases(set(), TestBackends.javaFloat());
    }

    @TestFactory
    Stream<DynamicTest> openClBackend() {
        return ReferenceSets.cases(set(), TestBackends.openCl());
    }
}
