package org.lamina.backend.java;

import org.lamina.backend.Backends;

/** The Java reference backend (double precision), chosen by its name {@code java}; never the default while {@link FloatBackendProvider} is there. */
public final class JavaBackendProvider extends HostBackendProvider {
    public JavaBackendProvider() {
        super(Backends.JAVA, "Java backend", 0, JavaBackend::new);
    }
}
