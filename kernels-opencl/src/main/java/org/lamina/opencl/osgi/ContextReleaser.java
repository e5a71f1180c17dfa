package org.lamina.opencl.osgi;

import org.lamina.opencl.ClContext;
import org.osgi.annotation.bundle.Header;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;

/**
 * In an OSGi container, releases every OpenCL context (with its buffers, programs and queue) still
 * open when this bundle stops, so that a stopped or reinstalled kernels bundle leaves nothing behind
 * in the device or the driver. Outside OSGi this class is never loaded.
 */
@Header(name = Constants.BUNDLE_ACTIVATOR, value = "${@class}")
public final class ContextReleaser implements BundleActivator {

    @Override
    public void start(BundleContext context) {
        // Nothing to do: contexts are opened on demand.
    }

    @Override
    public void stop(BundleContext context) {
        for (ClContext c : ClContext.openContexts()) {
            c.close();
        }
    }
}
