package org.lamina.opencl;

import java.util.Map;
import java.util.Objects;
import org.lamina.opencl.tuning.TuningDatabase;
import org.lamina.opencl.tuning.TuningSpec;

/**
 * The base of a kernel family (CLBlast's routine base): one {@code .cl} file, launched by one class
 * that names its kernels and its tuning parameters. The base builds the family's program, with the
 * common header ({@code common.cl}) in front and the tuning parameters as {@code -D} defines, on the
 * context's device, holds the tuning and hands out its kernels. The parameters are declared once,
 * in a {@link TuningSpec} beside the family's {@code Tuning} record: it reads them from the tuning
 * database for the device ({@link TuningDatabase#forDevice}: the user's tuned file, then the
 * built-in entries from the exact device to generic), checks them, and makes the defines.
 *
 * <p>A new family is its {@code .cl} file and a small subclass:
 *
 * <pre>{@code
 * public final class FooKernels extends KernelFamily<FooKernels.Tuning> {
 *     public static final String FAMILY = "foo";
 *     static final ProgramSource SOURCE = source(FooKernels.class, "foo.cl");
 *
 *     // Values per work-item (-D ITEMS) and the work-group size.
 *     public record Tuning(int items, int workGroup) {
 *         public static final TuningSpec<Tuning> SPEC = TuningSpec.of(FAMILY, Tuning.class,
 *                 integer("items", 1, 64).define("ITEMS"), workGroupSize("workGroup"));
 *         public Tuning {
 *             SPEC.check(items, workGroup);
 *         }
 *     }
 *
 *     // Field initializers run after the base's constructor: the program is built by then.
 *     private final Kernel foo = kernel("foo");
 *
 *     public FooKernels(ClContext context) {
 *         this(context, Tuning.SPEC.defaults(context.device()));
 *     }
 *
 *     public FooKernels(ClContext context, Tuning tuning) {
 *         super(context, SOURCE, Tuning.SPEC, tuning);
 *     }
 * }
 * }</pre>
 * its spec in {@code KernelFamilies}, and its parameters in the database's generic entry
 * (docs/tuning-database.md). A family without tuning parameters is a {@code KernelFamily<Void>}.
 *
 * @param <T> the family's tuning record ({@code Void} for none)
 */
public abstract class KernelFamily<T> {
    private final ClContext context;
    private final Program program;
    private final String name;
    private final T tuning;

    /** Builds (or finds) the program of {@code source} with the defines {@code spec} makes of {@code tuning}. */
    protected KernelFamily(ClContext context, ProgramSource source, TuningSpec<T> spec, T tuning) {
        this(context, source, spec.defines(Objects.requireNonNull(tuning, "tuning")), tuning);
    }

    /** Builds (or finds) the program of {@code source} with {@code defines} on {@code context}. */
    protected KernelFamily(ClContext context, ProgramSource source, Map<String, ?> defines, T tuning) {
        this.context = context;
        this.program = context.program(source, defines);
        this.name = source.stem();
        this.tuning = tuning;
    }

    /** The tuning the family was built with (null for a family without one). */
    public final T tuning() {
        return tuning;
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
