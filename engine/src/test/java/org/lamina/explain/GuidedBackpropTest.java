package org.lamina.explain;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.lamina.backend.Backend;
import org.lamina.exec.Executor;
import org.lamina.exec.Model;
import org.lamina.golden.GoldenCase;
import org.lamina.tensor.Tensor;
import org.lamina.testing.Approx;
import org.lamina.testing.TestBackends;

class GuidedBackpropTest {

    @Test
    void pyTorchsGuidedBackpropAndDeconvnetOfATrainedLeNetOnBothBackends() {
        GoldenCase guided = ReferenceLeNet.reference("guided_backprop");
        GoldenCase deconv = ReferenceLeNet.reference("deconvnet");
        for (Backend b : new Backend[] {TestBackends.java(), TestBackends.openCl()}) {
            try (Model m = ReferenceLeNet.model(b, guided); Tensor x = b.tensor(guided.load("input"), 2, 1, 28, 28)) {
                Executor ex = new Executor(m);
                Explanation g = GuidedBackprop.guided(ex, x, null);
                Explanation d = GuidedBackprop.deconvnet(ex, x, null);
                assertEquals("guided", g.method());
                assertEquals("deconvnet", d.method());
                Approx.close(b.device() + " guided", ReferenceLeNet.expectedMap(guided), g.maps(), 1e-3);
                Approx.close(b.device() + " deconvnet", ReferenceLeNet.expectedMap(deconv), d.maps(), 1e-3);
                // Three different pictures of the same decision.
                float[] s = Saliency.compute(ex, x, null).maps();
                assertFalse(Arrays.equals(s, g.maps()));
                assertFalse(Arrays.equals(g.maps(), d.maps()));
                assertArrayEquals(g.targets(), d.targets());
            }
        }
    }
}
