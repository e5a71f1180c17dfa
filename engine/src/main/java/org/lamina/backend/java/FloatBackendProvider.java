package org.lamina.backend.java;

/**
 * The Java float backend ({@link JavaBackend#floatPath()}), chosen by its name {@code java-float};
 * the default when no OpenCL device can run (priority 10: below OpenCL's 100, above the reference's 0),
 * ahead of the double-precision reference ({@code java}), which stays what the tests and gradient
 * checks compare with.
 */
public final class FloatBackendProvider extends HostBackendProvider {
    public FloatBackendProvider() {
        super(JavaBackend.FLOAT, "Java float backend", 10, JavaBackend::floatPath);
    }
}
