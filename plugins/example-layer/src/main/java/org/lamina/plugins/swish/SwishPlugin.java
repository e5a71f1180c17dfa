package org.lamina.plugins.swish;

import org.lamina.opencl.ClContext;

/**
 * The plugin's device resources as a whole: its OpenCL programs (in every context that built them)
 * and its Aparapi kernels. {@link SwishLayerType}'s Declarative Services hooks open and release
 * them with the bundle. On a plain class path nothing ever stops the plugin: it stays open.
 */
final class SwishPlugin {
    private static volatile boolean stopped;

    private SwishPlugin() {
    }

    /** The bundle (re)started: layers may build kernels again. */
    static void started() {
        stopped = false;
    }

    /**
     * The bundle stops: releases the programs built from {@code swish.cl} and the Aparapi kernels, and
     * refuses further work, so that a layer still in some network cannot build them again behind the
     * release.
     */
    static void stop() {
        stopped = true;
        ClContext.releasePrograms(SwishKernels.SOURCE);
        AparapiSwish.dispose();
    }

    static void requireActive() {
        if (stopped) {
            throw new IllegalStateException("swish: the plugin that provides this layer was stopped or removed, and its "
                    + "kernels were released");
        }
    }
}
