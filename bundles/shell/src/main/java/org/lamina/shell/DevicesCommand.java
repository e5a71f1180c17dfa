package org.lamina.shell;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.lamina.backend.Backend;
import org.lamina.backend.Backends;
import org.lamina.opencl.Device;
import org.lamina.opencl.DeviceChoice;
import org.lamina.opencl.DeviceProfile;
import org.lamina.opencl.tuning.TuningDatabase;
import org.lamina.opencl.Devices;
import picocli.CommandLine.Command;

/** {@code lamina devices}: the table of OpenCL devices, and the Java backend. */
@Command(name = "devices", mixinStandardHelpOptions = true, description = "List the OpenCL devices (and the Java backend) Lamina can run on.")
final class DevicesCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        List<Device> devices = Devices.all();
        DeviceChoice choice = Devices.choice();
        String row = "%-4s %-12s %-40s %-22s %4s %6s %9s %12s %-18s %3s %9s%n";
        System.out.printf(row, "#", "type", "name", "vendor", "CUs", "MHz", "memory", "local memory", "OpenCL C",
                "vec", "GFLOP/s");
        for (Device d : devices) {
            boolean isDefault = choice.device().filter(c -> c.index() == d.index()).isPresent();
            System.out.printf(row, d.index() + (isDefault ? "*" : ""), d.type().name().toLowerCase(Locale.ROOT)
                    + (d.debugTool().isPresent() ? " (sim)" : ""), cut(d.name(), 40),
                    cut(d.vendor(), 22), d.computeUnits(), d.clockMhz(), size(d.globalMemBytes()),
                    size(d.localMemBytes()) + (d.localMemDedicated() ? "" : " (emu)"),
                    cut(d.openClCVersion(), 18), d.preferredFloatVectorWidth(),
                    d.peak().gflops().isPresent() ? String.format(Locale.ROOT, "%.0f", d.peak().gflops().getAsDouble())
                            : "n/a");
        }
        // The Java float backend (the fallback without OpenCL) and the double-precision reference.
        for (String spec : new String[] {"java-float", Backends.JAVA}) {
            String host;
            try (Backend java = Backends.open(spec)) {
                host = java.device();
            }
            System.out.printf(row, "-", spec, host, "-", Runtime.getRuntime().availableProcessors(),
                    "-", size(Runtime.getRuntime().maxMemory()), "-", "-", "-", "-");
        }
        if (devices.isEmpty()) {
            System.out.println("No OpenCL device: " + Devices.problem().orElse("none found")
                    + ". Lamina runs on the Java float backend (java-float).");
        } else {
            System.out.println();
            String env = System.getenv(Devices.ENVIRONMENT_VARIABLE);
            System.out.println("Default (*): " + choice.device().map(Device::toString).orElse("the Java backend")
                    + ": " + choice.reason() + ".");
            for (String other : choice.passedOver()) {
                System.out.println("  not " + other);
            }
            System.out.println("Tuning (docs/devices.md):");
            for (Device d : devices) {
                System.out.println("  #" + d.index() + ": " + TuningDatabase.forDevice(d).describe().replaceFirst("^tuning: ", ""));
            }
            if (env != null && !env.isBlank()) {
                System.out.println("But " + Devices.ENVIRONMENT_VARIABLE + "=" + env.strip() + " is set, so runs use "
                        + (env.strip().equalsIgnoreCase(Backends.JAVA) ? "the Java backend"
                                : env.strip().equalsIgnoreCase("java-float") ? "the Java float backend"
                                : Devices.select(env.strip()).toString()) + ".");
            }
            devices.stream().filter(d -> d.profile().isPresent()).findFirst().ifPresent(d -> System.out.println(
                    "Device profile " + d.profile().get() + " (" + DeviceProfile.ENVIRONMENT_VARIABLE
                            + "): devices appear as that device, with the lower of its and their own limits."));
            System.out.println("Platforms: " + devices.stream().map(Device::platformName).distinct().toList()
                    + ". Choose with --device (index, type or name) or LAMINA_DEVICE; 'java-float' picks the Java float backend, 'java' the double-precision reference."
                    + " (emu): local memory emulated in global memory.");
        }
        return 0;
    }

    private static String cut(String s, int width) {
        s = s.strip();
        return s.length() <= width ? s : s.substring(0, width - 1) + "~";
    }

    static String size(long bytes) {
        if (bytes >= 1L << 30) {
            return String.format("%.1f GiB", bytes / (double) (1L << 30));
        }
        if (bytes >= 1L << 20) {
            return String.format("%.1f MiB", bytes / (double) (1L << 20));
        }
        return String.format("%d KiB", bytes >> 10);
    }
}
