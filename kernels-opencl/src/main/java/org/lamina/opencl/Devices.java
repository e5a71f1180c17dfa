package org.lamina.opencl;

import static org.jocl.CL.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jocl.CL;
import org.jocl.cl_device_id;
import org.jocl.cl_platform_id;

/**
 * Finds the OpenCL devices of every platform and every type (GPU, CPU, accelerator) and picks one by
 * a user's description of it.
 */
public final class Devices {
    /** The environment variable that names the device when no {@code --device} is given. */
    public static final String ENVIRONMENT_VARIABLE = "LAMINA_DEVICE";

    private static volatile Discovery discovery;

    private Devices() {
    }

    /** Every device of every platform, in a stable order; empty when OpenCL is not installed. */
    public static List<Device> all() {
        return discover().devices;
    }

    /**
     * Why {@link #all()} is empty, when it is: no OpenCL library, no platform (no ICD installed), or
     * platforms without devices.
     */
    public static Optional<String> problem() {
        return Optional.ofNullable(discover().problem);
    }

    /**
     * Picks a device by index ({@code 0}), type ({@code gpu}, {@code cpu}, {@code accelerator} or
     * {@code fpga}: the fastest of that type, as {@link DeviceChoice} ranks them) or a case-insensitive
     * substring of its name, vendor or platform (the first that matches).
     *
     * @throws IllegalArgumentException naming the description and listing the devices there are
     */
    public static Device select(String spec) {
        List<Device> devices = all();
        String wanted = spec == null ? "" : spec.strip();
        if (wanted.isEmpty()) {
            throw new IllegalArgumentException("device: an empty description matches no device; " + listing(devices));
        }
        if (wanted.chars().allMatch(Character::isDigit)) {
            int index;
            try {
                index = Integer.parseInt(wanted);
            } catch (NumberFormatException e) {
                index = -1;
            }
            if (index >= 0 && index < devices.size()) {
                return devices.get(index);
            }
            throw new IllegalArgumentException("device: there is no device #" + wanted + "; " + listing(devices));
        }
        DeviceType type = DeviceType.parse(wanted);
        if (type != null) {
            // A type is not a name: the best device of that type, never a simulator.
            List<Device> ofType = devices.stream().filter(d -> d.type() == type).toList();
            Optional<Device> best = DeviceChoice.among(ofType).device();
            if (best.isPresent()) {
                return best.get();
            }
            if (!ofType.isEmpty()) {
                throw new IllegalArgumentException("device: every " + wanted + " device is a simulator or unavailable ("
                        + ofType.stream().map(Device::toString).collect(Collectors.joining("; "))
                        + "); name one (its index or name) to use it");
            }
        }
        for (Device d : devices) {
            if (type == null && matchesName(d, wanted)) {
                return d;
            }
        }
        throw new IllegalArgumentException("device: no device matches '" + wanted + "'; " + listing(devices));
    }

    /** Whether {@code spec} names a device type ({@code gpu}, {@code cpu}, {@code accelerator}, ...), not one device. */
    public static boolean isType(String spec) {
        return spec != null && DeviceType.parse(spec.strip()) != null;
    }

    /**
     * The device named by {@value #ENVIRONMENT_VARIABLE}, else the default {@link #choice()}. Empty
     * when there is no device to run on (the Java backend serves).
     *
     * @throws IllegalArgumentException when {@value #ENVIRONMENT_VARIABLE} names no device
     */
    public static Optional<Device> preferred() {
        String fromEnv = System.getenv(ENVIRONMENT_VARIABLE);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Optional.of(select(fromEnv));
        }
        return choice().device();
    }

    /** The default device when none is named, with the reason ({@link DeviceChoice}). */
    public static DeviceChoice choice() {
        return DeviceChoice.among(all());
    }

    private static boolean matchesName(Device d, String wanted) {
        String w = wanted.toLowerCase(Locale.ROOT);
        return (d.name() + " " + d.vendor() + " " + d.platformName()).toLowerCase(Locale.ROOT).contains(w);
    }

    private static String listing(List<Device> devices) {
        if (devices.isEmpty()) {
            return "no OpenCL device was found" + problem().map(p -> " (" + p + ")").orElse("");
        }
        return "the devices are: " + devices.stream().map(Device::toString).collect(Collectors.joining("; "));
    }

    private static Discovery discover() {
        Discovery d = discovery;
        if (d == null) {
            synchronized (Devices.class) {
                d = discovery;
                if (d == null) {
                    d = Discovery.run();
                    discovery = d;
                    SignalChaining.warnIfMissing(d.devices);
                }
            }
        }
        return d;
    }

    /**
     * JOCL opens the OpenCL loader by its development name {@code libOpenCL.so}, which Debian ships
     * only in {@code ocl-icd-opencl-dev}; the runtime package has {@code libOpenCL.so.1}. The
     * {@code lamina} launcher bridges this with a private symbolic link; say so when it is missing.
     */
    private static String libraryProblem(LinkageError e) {
        boolean runtimeOnly = Files.exists(Path.of("/etc/OpenCL/vendors"))
                || Files.exists(Path.of("/usr/lib/x86_64-linux-gnu/libOpenCL.so.1"))
                || Files.exists(Path.of("/lib/x86_64-linux-gnu/libOpenCL.so.1"));
        return "the OpenCL library could not be loaded (" + e.getMessage() + ")" + (runtimeOnly
                ? "; JOCL needs libOpenCL.so: run through ./lamina (which links it), install ocl-icd-opencl-dev, "
                        + "or put a directory with a libOpenCL.so link to libOpenCL.so.1 on LD_LIBRARY_PATH"
                : "; install ocl-icd-libopencl1 and an OpenCL driver such as pocl-opencl-icd");
    }

    /**
     * Why the ICD loader found no platform. {@code OCL_ICD_VENDORS} replaces {@code /etc/OpenCL/vendors}
     * when set, so a message about the latter would send the user to the wrong place.
     */
    static String noPlatform(String icdVendors) {
        if (icdVendors == null || icdVendors.isEmpty()) {
            return "no OpenCL platform is installed: no ICD file in /etc/OpenCL/vendors";
        }
        Path p;
        String state;
        try {
            p = Path.of(icdVendors);
            if (!Files.exists(p)) {
                state = "which does not exist";
            } else if (Files.isDirectory(p)) {
                long icds;
                try (var files = Files.list(p)) {
                    icds = files.filter(f -> f.getFileName().toString().endsWith(".icd")).count();
                } catch (IOException e) {
                    icds = -1;
                }
                state = icds < 0 ? "a folder that cannot be read" : icds == 0 ? "a folder with no .icd file"
                        : "a folder whose " + icds + " .icd file(s) name no driver that loads";
            } else {
                state = "a file that names no driver that loads";
            }
        } catch (InvalidPathException e) {
            state = "not a valid path";
        }
        return "no OpenCL platform found: OCL_ICD_VENDORS=" + icdVendors + " (" + state
                + ") is where the OpenCL loader looks instead of /etc/OpenCL/vendors; fix or unset it";
    }

    private static StepMarker mark(Path dir, String step) {
        return dir == null ? StepMarker.NONE : StepMarker.begin(dir, step, null);
    }

    private record Discovery(List<Device> devices, String problem) {
        static Discovery run() {
            // A driver that aborts the process while it is probed (an unknown device, a broken ICD)
            // leaves a marker in the kernel cache folder; the next run names the step.
            Path markers = ProgramCache.fromEnvironment().directory().orElse(null);
            if (markers != null) {
                StepMarker.reportStale(markers, ProgramCache.at(markers)::evict);
            }
            try {
                CL.setExceptionsEnabled(false);
                int[] count = new int[1];
                String icd = System.getenv("OCL_ICD_VENDORS");
                cl_platform_id[] platforms;
                String[] names;
                try (StepMarker m = mark(markers, "loading the OpenCL drivers (clGetPlatformIDs, the ICDs in "
                        + (icd == null || icd.isEmpty() ? "/etc/OpenCL/vendors" : "OCL_ICD_VENDORS=" + icd) + ")")) {
                    int rc = clGetPlatformIDs(0, null, count);
                    if (rc == -1001 || (rc == CL_SUCCESS && count[0] == 0)) {
                        return new Discovery(List.of(), noPlatform(icd));
                    }
                    ClException.check(rc, "clGetPlatformIDs");
                    platforms = new cl_platform_id[count[0]];
                    ClException.check(clGetPlatformIDs(platforms.length, platforms, null), "clGetPlatformIDs");
                    names = new String[platforms.length];
                    for (int i = 0; i < platforms.length; i++) {
                        names[i] = Device.platformString(platforms[i], CL_PLATFORM_NAME);
                    }
                }
                List<Device> devices = new ArrayList<>();
                List<String> problems = new ArrayList<>();
                DeviceProfile profile = DeviceProfile.fromEnvironment();
                for (int i = 0; i < platforms.length; i++) {
                    cl_platform_id p = platforms[i];
                    try (StepMarker m = mark(markers, "probing the devices of the OpenCL platform " + names[i])) {
                        int[] n = new int[1];
                        int rc = clGetDeviceIDs(p, CL_DEVICE_TYPE_ALL, 0, null, n);
                        if (rc == CL_DEVICE_NOT_FOUND || (rc == CL_SUCCESS && n[0] == 0)) {
                            problems.add("platform " + names[i] + " has no devices");
                            continue;
                        }
                        ClException.check(rc, "clGetDeviceIDs");
                        cl_device_id[] ids = new cl_device_id[n[0]];
                        ClException.check(clGetDeviceIDs(p, CL_DEVICE_TYPE_ALL, ids.length, ids, null),
                                "clGetDeviceIDs");
                        for (cl_device_id id : ids) {
                            DeviceProperties props = DeviceProperties.query(p, id);
                            boolean profiled = profile != null && DebugTools.reason(props).isEmpty();
                            devices.add(new Device(devices.size(), p, id, profiled ? profile.apply(props) : props,
                                    profiled ? profile.profile() : null));
                        }
                    }
                }
                return new Discovery(Collections.unmodifiableList(devices),
                        devices.isEmpty() ? String.join("; ", problems) : null);
            } catch (LinkageError e) {
                return new Discovery(List.of(), libraryProblem(e));
            } catch (ClException e) {
                return new Discovery(List.of(), e.getMessage());
            }
        }
    }
}
