package org.lamina.bench;

import java.util.OptionalDouble;
import org.lamina.opencl.Device;

/**
 * A device's peak float32 rate estimated from its properties: compute units x clock x SIMD width
 * (the preferred float vector width, at least 1) x 2 (a fused multiply-add is two operations).
 * Only an estimate: it misses a second FMA unit per core, turbo clocks, and GPUs whose compute
 * units hold many SIMD lanes that the vector width does not show.
 */
public final class PeakEstimate {
    private PeakEstimate() {
    }

    /** GFLOP/s, or empty when the device reports no clock or compute units. */
    public static OptionalDouble gflops(Device device) {
        int cus = device.computeUnits(), mhz = device.clockMhz();
        if (cus <= 0 || mhz <= 0) {
            return OptionalDouble.empty();
        }
        int simd = Math.max(1, device.preferredFloatVectorWidth());
        return OptionalDouble.of(cus * (mhz / 1000.0) * simd * 2);
    }
}
