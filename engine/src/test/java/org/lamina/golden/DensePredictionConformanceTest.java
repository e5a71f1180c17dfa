package org.lamina.golden;

import java.util.Set;

/**
 * Every case of the dense-prediction reference set ({@code golden-dense}, made by
 * {@code tools/reference/dense_prediction_cases.py}) passes, on both backends. Runs in the Oclgrind run too.
 */
class DensePredictionConformanceTest extends ReferenceSetConformance {
    DensePredictionConformanceTest() {
        super("golden-dense", 5, Set.of("pixel_cross_entropy"));
    }
}
