package org.lamina.device;

import org.osgi.annotation.versioning.ProviderType;

/**
 * What a backend lets a plugin's own code touch: an {@link OpenClAccess} on the OpenCL backend, a
 * {@link HostAccess} on the Java backend. A layer tests which one it got with {@code instanceof}
 * and runs its kernel or its host code accordingly.
 */
@ProviderType
public sealed interface DeviceAccess permits OpenClAccess, HostAccess {

    /** The backend's device in words, as {@link org.lamina.backend.Backend#device()} says it. */
    String device();
}
