package org.lamina.opencl;

import java.util.Locale;
import java.util.OptionalDouble;

/**
 * A device's peak float32 rate estimated from its properties: compute units x SIMD lanes per compute
 * unit x clock x 2 (a fused multiply-add is two operations). CPUs count the float vector width as
 * lanes; GPUs count the lanes of their vendor's compute units (an NVIDIA SM by compute capability,
 * an AMD CU 64, an Intel EU 8), which OpenCL does not report. Only an estimate: it misses a CPU
 * core's second FMA unit and turbo clocks; where the lanes are not known it says so.
 *
 * @param gflops the estimate in GFLOP/s, empty when it cannot be made
 * @param how the arithmetic, or why there is none
 */
public record PeakEstimate(OptionalDouble gflops, String how) {

    static PeakEstimate of(Device d) {
        if (d.debugTool().isPresent()) {
            return none(d.debugTool().get() + ": no meaningful peak");
        }
        int cus = d.computeUnits();
        int mhz = d.clockMhz();
        if (cus <= 0 || mhz <= 0) {
            return none("the device reports " + cus + " compute units at " + mhz + " MHz");
        }
        int lanes;
        String unit;
        switch (d.type()) {
            case CPU -> {
                lanes = Math.max(1, d.preferredFloatVectorWidth());
                unit = "cores";
            }
            case GPU -> {
                lanes = gpuLanes(d);
                unit = d.vendorFamily() == Vendor.NVIDIA ? "SMs" : d.vendorFamily() == Vendor.INTEL ? "EUs" : "CUs";
                if (lanes == 0) {
                    return none("SIMD lanes per compute unit of " + d.vendor().strip() + " " + d.name()
                            + " are not known" + (d.vendorFamily() == Vendor.NVIDIA
                                    ? " (no compute capability reported)" : ""));
                }
            }
            default -> {
                return none("no estimate for " + d.type().name().toLowerCase(Locale.ROOT) + " devices");
            }
        }
        double gflops = cus * lanes * (mhz / 1000.0) * 2;
        return new PeakEstimate(OptionalDouble.of(gflops), String.format(Locale.ROOT,
                "%d %s x %d lanes x %.2f GHz x 2", cus, unit, lanes, mhz / 1000.0));
    }

    /** FP32 lanes per compute unit of a GPU, 0 when unknown. */
    static int gpuLanes(Device d) {
        return switch (d.vendorFamily()) {
            case NVIDIA -> nvidiaLanes(d.computeCapability());
            case AMD -> amdLanes(d.name());
            case INTEL -> 8; // an EU (Gen9 to Xe) issues 8 FP32 FMAs per clock
            case APPLE -> 128;
            default -> 0;
        };
    }

    /**
     * GCN and CDNA compute units have 64 lanes (4 SIMD16); RDNA (gfx10xx and later) drivers report
     * work-group processors of two CUs, 128 lanes.
     */
    static int amdLanes(String name) {
        return name.strip().toLowerCase(Locale.ROOT).matches("gfx1[0-9]{3}.*") ? 128 : 64;
    }

    /** FP32 cores per SM by compute capability (x10), from NVIDIA's architecture whitepapers. */
    static int nvidiaLanes(int cc) {
        if (cc <= 0) {
            return 0;
        }
        if (cc < 50) {
            return 192; // Kepler
        }
        if (cc < 60) {
            return 128; // Maxwell
        }
        if (cc == 60) {
            return 64; // GP100
        }
        if (cc < 70) {
            return 128; // GP10x
        }
        if (cc < 80) {
            return 64; // Volta, Turing
        }
        if (cc == 80) {
            return 64; // GA100
        }
        return 128; // GA10x, Ada, Hopper, Blackwell
    }

    private static PeakEstimate none(String why) {
        return new PeakEstimate(OptionalDouble.empty(), why);
    }
}
