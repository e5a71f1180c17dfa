package org.lamina.backend;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A kind of backend that {@link Backends} can open, found with {@link java.util.ServiceLoader}
 * ({@code META-INF/services/org.lamina.backend.BackendProvider}) in the engine's own class loader, so
 * that it works alike on a class path and in an OSGi container (the engine bundle holds both of
 * Lamina's providers). The Java API package names no implementation.
 *
 * <p>In OSGi, {@code ServiceLoader} sees only the engine bundle's own {@code META-INF/services}: a
 * provider in a bundle of its own would need the Service Loader Mediator (Aries SPI Fly), or would be
 * published as an OSGi service and fed in as the registry's plugins are.
 */
public interface BackendProvider {

    /** The provider's name, which as a device description chooses its best device: {@code java}, {@code opencl}. */
    String name();

    /** What one of its devices is called in messages: {@code OpenCL device}, {@code Java backend}. */
    String what();

    /** Among the providers that have a device to run on, the default is the one of highest priority. */
    int priority();

    /**
     * The device {@code spec} names among this provider's, not yet opened; empty when {@code spec}
     * is not a description this provider takes (another provider's, say).
     *
     * @throws Unmet when {@code spec} is a preference (a device type) that none of its devices meets
     * @throws IllegalArgumentException when {@code spec} is of this provider's form (an index, a name)
     *     but matches no device
     */
    Optional<Choice> select(String spec);

    /** Its best device to run on when nothing is named; empty when it has none ({@link #whyNone()}). */
    Optional<Choice> best();

    /** Why {@link #best()} is empty, in words. */
    String whyNone();

    /** One device of a provider, chosen and not yet opened. */
    interface Choice {
        /** Names the device among all providers' ({@code java}, {@code #0}), so that a list can use each once. */
        String key();

        /** Opens a backend on the device, on the calling thread. */
        Backend open(Settings settings);
    }

    /**
     * How to open a backend.
     *
     * @param kernelCache a kernel binary cache folder in place of the environment's, if present
     *     (backends without compiled kernels ignore it)
     */
    record Settings(Optional<Path> kernelCache) {
        public static final Settings DEFAULT = new Settings(Optional.empty());
    }

    /** A device type asked for that no device of the provider meets: {@link Backends#open} falls back. */
    final class Unmet extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        public Unmet(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
