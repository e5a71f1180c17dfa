package org.lamina.opencl;

import java.util.Map;
import java.util.function.Function;
import org.lamina.opencl.tuning.TuningDatabase;
import org.lamina.opencl.tuning.TuningParameters;

/**
 * The base of a kernel family (CLBlast's routine base): one {@code .cl} file, launched by one class
 * that names its kernels and its tuning parameters. The base builds the family's program, with the
 * common header ({@code common.cl}) in front and the tuning parameters as {@code -D} defines, on the
 * context's device, and hands out its kernels. Parameters come from the tuning database for the
 * device ({@link TuningDatabase#forDevice}: the user's tuned file, then the built-in entries from
 * the exact device to generic), unless a caller gives its own.
 *
 * <p>A new family is its {@code .cl} file and a small subclass:
 *
 * <pre>{@code
 * public final class FooKernels extends KernelFamily {
 *     static final ProgramSource SOURCE = source(FooKernels.class, "foo.cl");
 *     public record Tuning(int items, int workGroup) {
 *         static Tuning of(TuningParameters p) { return new Tuning(p.integer("items"), p.workGroup("workGroup")); }
 *     }
 *     private final Kernel foo;
 *     public FooKernels(ClContext context) { this(context, tuning(context, "foo", Tuning::of)); }
 *     public FooKernels(ClContext context, Tuning t) {
 *         super(context, SOURCE, Map.of("ITEMS", t.items()));
 *         foo = kernel("foo");
 *     }
 * }
 * }</pre>
 * and its parameters in the database's generic entry (docs/tuning-database.md).
 */
public abstract class KernelFamily {
    private final ClContext context;
    private final Program program;
    private final String name;

    /** Builds (or finds) the program of {@code source} with {@code defines} on {@code context}. */
    protected KernelFamily(ClContext context, ProgramSource source, Map<String, ?> defines) {
        this.context = context;
        this.program = context.program(source, defines);
        this.name = source.stem();
    }

    /** The family's name in messages: its file's stem ({@code gemm} for {@code gemm.cl}). */
    protected final String name() {
        return name;
    }

    /**
     * The launchers' precondition on a buffer ({@link Launch#requireSize}) under the family's name: the
     * op that called the launcher has checked its tensors with its own name and arguments, so this
     * only keeps a direct caller from letting a kernel run past a buffer's end.
     */
    protected final void requireSize(String argument, Buffer buffer, long floats) {
        Launch.requireSize(name, argument, buffer, floats);
    }

    /** The source of a family: {@code fileName} next to {@code owner}, with the common header in front. */
    protected static ProgramSource source(Class<?> owner, String fileName) {
        return ProgramSource.resource(owner, fileName).withCommonHeader();
    }

    /**
     * The tuning of {@code family} for the context's device, built by {@code build} from the
     * database's parameters.
     *
     * @throws IllegalArgumentException naming the file and parameter when an entry holds a bad value
     */
    protected static <T> T tuning(ClContext context, String family, Function<TuningParameters, T> build) {
        return tuning(context.device(), family, build);
    }

    /** As {@link #tuning(ClContext, String, Function)} for a device. */
    protected static <T> T tuning(Device device, String family, Function<TuningParameters, T> build) {
        return TuningDatabase.forDevice(device).tuning(family, build);
    }

    /** The kernel {@code name} of the family's program. */
    protected final Kernel kernel(String name) {
        return program.kernel(name);
    }

    /** Another program of the family (a second source, or other defines), with the common header. */
    protected final Program program(ProgramSource source, Map<String, ?> defines) {
        return context.program(source, defines);
    }

    /** The family's program. */
    protected final Program program() {
        return program;
    }

    protected final ClContext context() {
        return context;
    }
}
