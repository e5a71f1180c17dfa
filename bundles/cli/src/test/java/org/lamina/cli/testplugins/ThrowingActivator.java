package org.lamina.cli.testplugins;

import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

/** A bundle activator that fails, packed into a bundle by {@code ContainerTest}. */
public final class ThrowingActivator implements BundleActivator {
    @Override
    public void start(BundleContext context) {
        throw new IllegalStateException("the activator ran out of fuel");
    }

    @Override
    public void stop(BundleContext context) {
    }
}
