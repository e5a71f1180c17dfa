package org.lamina.plugins.swish;

import static org.junit.jupiter.api.Assertions.*;

import java.net.URISyntaxException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.lamina.backend.Backend;
import org.lamina.golden.CaseResult;
import org.lamina.golden.Conformance;
import org.lamina.registry.Registry;
import org.lamina.spi.LayerType;

/**
 * What {@code lamina verify} does with the plugin's layer type: its reference cases run through the
 * layer as a graph would run it (options from the case's params), and pass on both backends.
 */
class SwishConformanceTest {

    @Test
    void theLayerTypesCasesPassThroughConformance() throws URISyntaxException {
        Registry registry = new Registry();
        assertFalse(Conformance.withLayerTypes(registry).supports("swish"));
        registry.register(LayerType.class, "swish", new SwishLayerType(), "test");
        Conformance conformance = Conformance.withLayerTypes(registry);
        assertTrue(conformance.supports("swish"));
        for (Backend b : new Backend[] {SwishTesting.java(), SwishTesting.openCl()}) {
            List<CaseResult> results = conformance.run(SwishGoldenTest.set(), b, r -> { });
            assertEquals(3, results.size());
            for (CaseResult r : results) {
                assertEquals(CaseResult.Status.PASS, r.status(), r + " on " + b.device());
                assertTrue(r.maxAbsError() < 1e-5, r + " on " + b.device());
            }
        }
    }
}
