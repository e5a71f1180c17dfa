package org.lamina.golden;

import java.util.Set;

/**
 * Every case of the 1-D and 3-D reference set ({@code golden-nd}, made by
 * {@code tools/reference/conv_nd_cases.py}) passes, on both backends. Runs in the Oclgrind run too.
 */
class ConvNdConformanceTest extends ReferenceSetConformance {
    ConvNdConformanceTest() {
        super("golden-nd", 24, Set.of("conv1d", "conv3d", "max_pool1d", "avg_pool1d", "max_pool3d", "avg_pool3d",
                "adaptive_avg_pool3d"));
    }
}
