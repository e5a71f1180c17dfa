package org.lamina.opencl.conv;

import java.util.Objects;

/** The algorithm of each pass of one convolution: forward, input gradient and weight gradient. */
public record ConvChoice(ConvAlgorithm forward, ConvAlgorithm backwardData, ConvAlgorithm backwardFilter) {
    public ConvChoice {
        Objects.requireNonNull(forward, "forward");
        Objects.requireNonNull(backwardData, "backwardData");
        Objects.requireNonNull(backwardFilter, "backwardFilter");
    }

    /** The same algorithm for every pass. */
    public static ConvChoice all(ConvAlgorithm a) {
        return new ConvChoice(a, a, a);
    }
}
