package org.lamina.bench;

import java.util.OptionalDouble;
import org.lamina.opencl.Device;

/**
 * A device's peak float32 rate, as {@link org.lamina.opencl.PeakEstimate} estimates it: compute units
 * x SIMD lanes x clock x 2, counting a GPU's lanes per compute unit by vendor and architecture.
 */
public final class PeakEstimate {
    private PeakEstimate() {
    }

    /** GFLOP/s, or empty when it cannot be estimated ({@link Device#peak()} says why). */
    public static OptionalDouble gflops(Device device) {
        return device.peak().gflops();
    }
}
