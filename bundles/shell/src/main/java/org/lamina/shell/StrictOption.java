package org.lamina.shell;

import org.lamina.opencl.ClContext;
import picocli.CommandLine.Option;

/**
 * {@code --strict}, for the commands that take {@code --device}: the OpenCL contexts the command
 * opens run in strict mode (every OpenCL call on one thread, every transfer blocking), which debugging
 * tools such as Oclgrind need. Same as {@code LAMINA_STRICT=1} for one command.
 */
final class StrictOption {
    @Option(names = "--strict", description = "Strict mode for debugging tools such as Oclgrind: every OpenCL "
            + "call on one thread, every transfer blocking (as LAMINA_STRICT=1).")
    boolean strict;

    /** Turns strict mode on for the contexts opened until the returned scope closes. */
    Scope apply() {
        if (!strict) {
            return () -> { };
        }
        String before = System.getProperty(ClContext.STRICT_PROPERTY);
        System.setProperty(ClContext.STRICT_PROPERTY, "true");
        return () -> {
            if (before == null) {
                System.clearProperty(ClContext.STRICT_PROPERTY);
            } else {
                System.setProperty(ClContext.STRICT_PROPERTY, before);
            }
        };
    }

    /** Restores the setting that was there before. */
    interface Scope extends AutoCloseable {
        @Override
        void close();
    }
}
