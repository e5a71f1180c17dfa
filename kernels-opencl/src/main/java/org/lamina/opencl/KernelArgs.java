package org.lamina.opencl;

/**
 * The arguments of one launch of a {@link Kernel}, each typed at the call: {@link #buffer},
 * {@link #i} ({@code int} or {@code uint}), {@link #l} ({@code long}), {@link #f} ({@code float}) and
 * {@link #local} (a {@code __local} pointer), in the kernel's order. Every launch checks that each
 * parameter got one argument; where the driver tells the kernel's declared parameter types (in strict
 * mode, whose programs are built with {@code -cl-kernel-arg-info}), it checks each argument against
 * its parameter too, so an {@code int} given for a {@code float} is an error naming the kernel, the
 * argument and both types, not a wrong value. Taken from {@link Kernel#args()}; one launch each.
 *
 * <pre>{@code
 * scale.args().buffer(x).buffer(y).i(n).f(alpha).launch1D(n, 64);
 * }</pre>
 */
public final class KernelArgs {
    static final byte BUFFER = 1;
    static final byte INT = 2;
    static final byte LONG = 3;
    static final byte FLOAT = 4;
    static final byte LOCAL = 5;

    private final Kernel kernel;
    final byte[] kinds;
    /** int, long and local sizes as they are, floats as their bits. */
    final long[] values;
    final Buffer[] buffers;
    int count;

    KernelArgs(Kernel kernel, int arguments) {
        this.kernel = kernel;
        this.kinds = new byte[arguments];
        this.values = new long[arguments];
        this.buffers = new Buffer[arguments];
    }

    /** The kernel these arguments are for. */
    public Kernel kernel() {
        return kernel;
    }

    /** A {@code __global} or {@code __constant} buffer, or null for an absent optional one. */
    public KernelArgs buffer(Buffer b) {
        buffers[next(BUFFER)] = b;
        return this;
    }

    /** An {@code int} or {@code uint}. */
    public KernelArgs i(int v) {
        values[next(INT)] = v;
        return this;
    }

    /** A {@code long} or {@code ulong}. */
    public KernelArgs l(long v) {
        values[next(LONG)] = v;
        return this;
    }

    /** A {@code float}. */
    public KernelArgs f(float v) {
        values[next(FLOAT)] = Float.floatToRawIntBits(v);
        return this;
    }

    /** A {@code __local} buffer of {@code bytes}. */
    public KernelArgs local(long bytes) {
        values[next(LOCAL)] = bytes;
        return this;
    }

    /** {@link Kernel#launch(long[], long[], KernelArgs)} with these arguments. */
    public void launch(long[] global, long[] local) {
        kernel.launch(global, local, this);
    }

    /** {@link Kernel#launch1D(long, int, KernelArgs)} with these arguments. */
    public void launch1D(long items, int workGroup) {
        kernel.launch1D(items, workGroup, this);
    }

    private int next(byte kind) {
        if (count == kinds.length) {
            throw new IllegalArgumentException("kernel " + kernel.name() + " takes " + kinds.length
                    + " arguments; a " + (kinds.length + 1) + "th (" + kindName(kind) + ") was given");
        }
        kinds[count] = kind;
        return count++;
    }

    static String kindName(byte kind) {
        return switch (kind) {
            case BUFFER -> "buffer";
            case INT -> "int";
            case LONG -> "long";
            case FLOAT -> "float";
            case LOCAL -> "__local buffer";
            default -> "unknown";
        };
    }
}
