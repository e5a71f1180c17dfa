package org.lamina.device;

/**
 * What a backend lets a plugin's own code touch: an {@link OpenClAccess} on the OpenCL backend, a
 * {@link HostAccess} on the Java backend. A layer tests which one it got with {@code instanceof}
 * and runs its kernel or its host code accordingly.
 */
public sealed interface DeviceAccess permits OpenClAccess, HostAccess {

    /** The backend's device in words, as {@link org.lamina.backend.Backend#device()} says it. */
    String device();
}
