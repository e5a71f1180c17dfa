package org.lamina.opencl;

/**
 * A program that did not compile or link. Carries the device's full build log, which is also the
 * tail of the message, because the log is the only place a kernel author learns what went wrong.
 */
public final class BuildException extends ClException {
    private static final long serialVersionUID = 1L;

    private final String program;
    private final String options;
    private final String buildLog;

    BuildException(String program, String device, String options, int code, String buildLog) {
        super("Building OpenCL program " + program + " for " + device + " with options [" + options
                + "] failed with " + errorName(code) + " (" + code + ")\n--- build log ---\n"
                + (buildLog.isBlank() ? "(the device left no build log)" : buildLog.strip()),
                code, true);
        this.program = program;
        this.options = options;
        this.buildLog = buildLog;
    }

    /** The program's name (its resource path). */
    public String program() {
        return program;
    }

    /** The build options, {@code -D} defines included. */
    public String options() {
        return options;
    }

    /** The device's complete build log. */
    public String buildLog() {
        return buildLog;
    }
}
