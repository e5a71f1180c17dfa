package org.lamina.opencl;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The one rule for tests that need an OpenCL device: outside CI they skip with a clear message when
 * there is none; with {@code CI=true} a missing device fails the build, because there the OpenCL
 * path must run.
 */
public final class OpenClTests {
    private static ClContext shared;

    private OpenClTests() {
    }

    /** The device tests run on: {@code LAMINA_DEVICE} if set, else the preferred one. */
    public static Device device() {
        if (Oclgrind.run()) {
            Oclgrind.requireInstalled();
        }
        var device = Devices.preferred();
        if (device.isEmpty()) {
            String why = Devices.problem().orElse("no device");
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                Assertions.fail("CI=true but no OpenCL device is available (" + why + "); install "
                        + "ocl-icd-libopencl1 and pocl-opencl-icd");
            }
            Assumptions.abort("skipping OpenCL test: no OpenCL device (" + why + "). Install ocl-icd-libopencl1 "
                    + "pocl-opencl-icd to run it");
        }
        return device.get();
    }

    /** One context per test JVM, so kernels are built once for all test classes. */
    public static synchronized ClContext context() {
        if (shared == null) {
            shared = ClContext.create(device());
        }
        return shared;
    }
}
