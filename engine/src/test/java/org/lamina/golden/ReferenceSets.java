package org.lamina.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.lamina.backend.Backend;

/** The reference sets kept as test resources, and their cases as tests that must pass on a backend. */
final class ReferenceSets {
    private ReferenceSets() {
    }

    /** The set in test resource folder {@code folder} (e.g. {@code golden-nd}). */
    static GoldenSet open(String folder) {
        try {
            return GoldenSet.open(Path.of(ReferenceSets.class.getResource("/" + folder + "/index.json").toURI())
                    .getParent());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One test per case of {@code set}: it passes on {@code backend}. */
    static Stream<DynamicTest> cases(GoldenSet set, Backend backend) {
        Conformance conformance = Conformance.standard();
        return set.cases().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            CaseResult r = conformance.run(c, backend);
            assertEquals(CaseResult.Status.PASS, r.status(), c.name() + " on " + backend.device() + ": " + r.detail());
        }));
    }
}
