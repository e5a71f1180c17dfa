package org.lamina.opencl;

import java.util.List;
import java.util.Locale;

/**
 * pocl's LLVM installs its own handlers for signals the JVM relies on (SIGSEGV for implicit null
 * checks, among others) and crashes about one JVM in five unless the JVM's signal-chaining library
 * {@code libjsig.so} is preloaded. This warns once, through {@code System.Logger} (so an OSGi
 * container's or an application's log captures it), when a pocl platform is present without it.
 * The launcher preloads it; a library user starts Java with it (docs/library.md, docs/signals.md).
 */
final class SignalChaining {
    private static final System.Logger LOG = System.getLogger(SignalChaining.class.getName());

    private SignalChaining() {
    }

    static boolean preloaded() {
        String preload = System.getenv("LD_PRELOAD");
        return preload != null && preload.contains("libjsig");
    }

    static void warnIfMissing(List<Device> devices) {
        boolean pocl = devices.stream()
                .anyMatch(d -> d.platformName().toLowerCase(Locale.ROOT).contains("portable computing language"));
        if (pocl && !preloaded()) {
            LOG.log(System.Logger.Level.WARNING, "pocl is in use but libjsig.so is not preloaded; the JVM may crash."
                    + " Start Java with LD_PRELOAD=" + System.getProperty("java.home") + "/lib/libjsig.so"
                    + " (docs/signals.md)");
        }
    }
}
