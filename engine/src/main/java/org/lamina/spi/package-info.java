/**
 * The service provider interface of Lamina: what a plugin implements ({@link org.lamina.spi.Architecture},
 * {@link org.lamina.spi.Loss}, {@link org.lamina.spi.Optimizer} with its {@link org.lamina.spi.Updater},
 * {@link org.lamina.spi.LearningRateSchedule}, {@link org.lamina.spi.LayerType}). Plugins depend on
 * this package and on the public API its signatures use ({@code org.lamina.graph},
 * {@code org.lamina.tensor}, {@code org.lamina.backend}, {@code org.lamina.ops}), and for kernels of
 * their own on {@code org.lamina.device} and {@code org.lamina.opencl}; never on implementation
 * packages. Implementations are registered with {@link java.util.ServiceLoader}
 * ({@code META-INF/services}) and, in an OSGi container, as services.
 */
@Export
@Version("0.2.0")
package org.lamina.spi;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
