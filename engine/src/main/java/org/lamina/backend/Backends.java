package org.lamina.backend;

import java.util.Optional;
import org.lamina.backend.java.JavaBackend;
import org.lamina.backend.opencl.OpenClBackend;
import org.lamina.opencl.Device;
import org.lamina.opencl.Devices;

/**
 * Opens the backend a user asked for: {@code java} for the reference backend, or an OpenCL device
 * by index, type or name (see {@link Devices#select}). Without a choice, {@code LAMINA_DEVICE}
 * decides; without that, the preferred OpenCL device, or the Java backend with a one-line warning
 * when there is no OpenCL device.
 */
public final class Backends {
    /** The device description that selects the pure-Java backend. */
    public static final String JAVA = "java";

    private Backends() {
    }

    /**
     * @param spec {@code java}, a device index, type or name; null or blank for the default
     * @throws IllegalArgumentException when no device matches {@code spec}
     */
    public static Backend open(String spec) {
        String wanted = spec != null && !spec.isBlank() ? spec.strip() : System.getenv(Devices.ENVIRONMENT_VARIABLE);
        if (wanted != null && !wanted.isBlank()) {
            return wanted.strip().equalsIgnoreCase(JAVA) ? new JavaBackend()
                    : new OpenClBackend(Devices.select(wanted.strip()));
        }
        Optional<Device> device = Devices.preferred();
        if (device.isPresent()) {
            return new OpenClBackend(device.get());
        }
        System.err.println("warning: no OpenCL device (" + Devices.problem().orElse("none found")
                + "); running on the Java backend");
        return new JavaBackend();
    }
}
