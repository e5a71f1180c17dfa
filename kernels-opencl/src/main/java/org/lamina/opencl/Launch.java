package org.lamina.opencl;

/** Small helpers shared by the kernel launchers. */
public final class Launch {
    private Launch() {
    }

    /** {@code ceil(a / b)} for positive numbers. */
    public static long blocks(long a, long b) {
        return (a + b - 1) / b;
    }

    /**
     * Checks that {@code buffer} holds at least {@code floats} values, so that a kernel never reads or
     * writes past its end.
     *
     * @throws IllegalArgumentException naming the op and the argument otherwise
     */
    public static void requireSize(String op, String argument, Buffer buffer, long floats) {
        if (buffer == null) {
            throw new IllegalArgumentException(op + ": " + argument + " is missing");
        }
        if (buffer.floats() < floats) {
            throw new IllegalArgumentException(op + ": " + argument + " holds " + buffer.floats()
                    + " floats but the op needs " + floats);
        }
    }
}
