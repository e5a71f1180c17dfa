package org.lamina.backend;

import org.lamina.backend.java.JavaBackend;
import org.lamina.backend.opencl.OpenClBackend;
import org.lamina.opencl.DeviceChoice;
import org.lamina.opencl.Devices;

/**
 * Opens the backend a user asked for: {@code java} for the reference backend, or an OpenCL device
 * by index, type or name (see {@link Devices#select}). Without a choice, {@code LAMINA_DEVICE}
 * decides; without that, the default device ({@link Devices#choice()}: the fastest real one), or the
 * Java backend with a warning when there is none.
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
        DeviceChoice choice = Devices.choice();
        if (choice.device().isPresent()) {
            return new OpenClBackend(choice.device().get());
        }
        System.getLogger(Backends.class.getName()).log(System.Logger.Level.WARNING, "no OpenCL device to run on ("
                + Devices.problem().orElse(choice.reason()) + "); running on the Java backend");
        return new JavaBackend();
    }
}
