package org.lamina.plugins.swish;

import java.util.function.BooleanSupplier;
import org.lamina.opencl.ClContext;

/**
 * The plugin's device resources as a whole: its OpenCL programs (in every context that built them)
 * and its Aparapi kernels. {@link SwishLayerType}'s Declarative Services hooks open and release
 * them with the bundle. On a plain class path nothing ever stops the plugin.
 *
 * <p>After a stop, swish layers still in some network compute with the plain Java implementation:
 * they never build a program again behind the release, and a training step in progress when the
 * plugin is removed finishes (the trainer then stops, since the plugin's architecture went away).
 */
final class SwishPlugin {
    private static boolean stopped;

    private SwishPlugin() {
    }

    /** The bundle (re)started: layers may build kernels again. */
    static synchronized void started() {
        stopped = false;
    }

    /** Releases the programs built from {@code swish.cl} in every open context, and the Aparapi kernels. */
    static void stop() {
        synchronized (SwishPlugin.class) {
            // Under the lock that launches hold: no launch is between fetching its program and enqueueing.
            stopped = true;
            ClContext.releasePrograms(SwishKernels.SOURCE);
        }
        AparapiSwish.dispose();
    }

    static synchronized boolean stopped() {
        return stopped;
    }

    /**
     * Runs {@code launch} unless the plugin has stopped, under the lock {@link #stop()} takes; returns
     * whether it ran.
     */
    static synchronized boolean unlessStopped(BooleanSupplier launch) {
        return !stopped && launch.getAsBoolean();
    }
}
