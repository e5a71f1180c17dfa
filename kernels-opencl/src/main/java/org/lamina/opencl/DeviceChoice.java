package org.lamina.opencl;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The device a run uses when none is named, and why: the fastest real device, ranked by its
 * {@link PeakEstimate estimated peak}. Simulators, emulators and debugging devices
 * ({@link Device#debugTool()}) and unavailable devices are never the default; accelerators only when
 * nothing else is there (they usually need prebuilt kernels), devices without a compiler last of all.
 * Every command, the Java API ({@code Backends.open}) and the container go through
 * {@link Devices#choice()}, so they agree.
 *
 * @param device the default, empty when no device qualifies (the Java backend serves)
 * @param reason why it was chosen, or why none was
 * @param passedOver each other device and why it is not the default
 */
public record DeviceChoice(Optional<Device> device, String reason, List<String> passedOver) {

    /** The choice among {@code devices} when nothing is named. */
    public static DeviceChoice among(List<Device> devices) {
        List<Device> candidates = new ArrayList<>();
        List<String> passed = new ArrayList<>();
        for (Device d : devices) {
            if (d.debugTool().isPresent()) {
                passed.add(d + ": " + d.debugTool().get() + "; used only when named (--device " + d.index() + ")");
            } else if (!d.available()) {
                passed.add(d + ": reports itself unavailable");
            } else {
                candidates.add(d);
            }
        }
        if (candidates.isEmpty()) {
            String why = devices.isEmpty() ? "no OpenCL device" : "no OpenCL device but simulators or unavailable ones";
            return new DeviceChoice(Optional.empty(), why + "; the Java backend serves", passed);
        }
        candidates.sort(Comparator.comparingInt(DeviceChoice::tier)
                .thenComparing(Comparator.comparingDouble(DeviceChoice::rank).reversed())
                .thenComparingInt(Device::index));
        Device best = candidates.get(0);
        for (Device d : candidates.subList(1, candidates.size())) {
            passed.add(d + ": " + (tier(d) > tier(best) ? tierWhy(d) : "slower, " + estimate(d)));
        }
        String reason = candidates.size() == 1 ? "the only device to run on, " + estimate(best)
                : "the fastest device, " + estimate(best);
        return new DeviceChoice(Optional.of(best), reason, passed);
    }

    /** 0: GPUs, CPUs and other devices with a compiler; 1: accelerators; 2: devices without a compiler. */
    private static int tier(Device d) {
        if (!d.compilerAvailable()) {
            return 2;
        }
        return d.type() == DeviceType.ACCELERATOR ? 1 : 0;
    }

    private static String tierWhy(Device d) {
        return tier(d) == 2 ? "has no compiler (needs prebuilt kernels); only when named"
                : "an accelerator (usually needs prebuilt kernels); only when nothing else is there or it is named";
    }

    /**
     * GFLOP/s to rank by: the estimate, or where there is none a guess from the type (a GPU's
     * compute unit as 32 lanes, a CPU core as 4), so that a GPU of an unknown vendor still outranks a
     * CPU.
     */
    static double rank(Device d) {
        var peak = d.peak().gflops();
        if (peak.isPresent()) {
            return peak.getAsDouble();
        }
        int lanes = d.type() == DeviceType.GPU ? 32 : d.type() == DeviceType.CPU ? 4 : 1;
        return Math.max(1, d.computeUnits()) * lanes * Math.max(1, d.clockMhz()) / 1000.0 * 2;
    }

    private static String estimate(Device d) {
        PeakEstimate p = d.peak();
        return p.gflops().isPresent()
                ? String.format(Locale.ROOT, "estimated %.0f GFLOP/s (%s)", p.gflops().getAsDouble(), p.how())
                : String.format(Locale.ROOT, "guessed %.0f GFLOP/s from its type (%s)", rank(d), p.how());
    }
}
