package org.lamina.golden;

import java.util.Set;

/**
 * The reference cases of {@code lamina explain} (tools/reference/explain_cases.py): the ReLU rules as
 * ops, and LeNet-5's saliency, guided-backpropagation and deconvnet input gradients, on both backends.
 */
class ExplainConformanceTest extends ReferenceSetConformance {
    ExplainConformanceTest() {
        super("golden-explain", 5, Set.of("guided_relu", "deconvnet_relu", "explain_lenet5"));
    }
}
