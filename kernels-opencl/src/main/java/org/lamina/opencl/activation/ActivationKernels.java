package org.lamina.opencl.activation;

import static org.lamina.opencl.tuning.TuningSpec.integer;
import static org.lamina.opencl.tuning.TuningSpec.powerOfTwo;
import static org.lamina.opencl.tuning.TuningSpec.workGroupSize;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.lamina.opencl.Buffer;
import org.lamina.opencl.ClContext;
import org.lamina.opencl.Kernel;
import org.lamina.opencl.KernelArgs;
import org.lamina.opencl.KernelFamily;
import org.lamina.opencl.Launch;
import org.lamina.opencl.ProgramSource;
import org.lamina.opencl.tuning.TuningSpec;

/**
 * Launches {@code activations.cl}: the element-wise activations ({@link #FUNCTIONS}) forward and
 * backward, and softmax / log-softmax over dimension 1 of {@code [outer, classes, inner]}.
 */
public final class ActivationKernels extends KernelFamily<ActivationKernels.Tuning> {
    /** The family's name in the tuning database. */
    public static final String FAMILY = "activation";
    static final ProgramSource SOURCE = source(ActivationKernels.class, "activations.cl");

    /** The element-wise functions, by the prefix of their kernels' names. */
    public static final List<String> FUNCTIONS = List.of("relu", "leaky_relu", "elu", "sigmoid", "tanh", "guided_relu",
            "deconvnet_relu", "relu6");

    /** Elements per work-item of the element-wise kernels, their work-group size, the softmax work-group size. */
    public record Tuning(int items, int workGroup, int rowWorkGroup) {
        public static final TuningSpec<Tuning> SPEC = TuningSpec.of(FAMILY, Tuning.class,
                integer("items", 1, 64).define("ITEMS"), workGroupSize("workGroup"),
                powerOfTwo("rowWorkGroup").define("ROW_WG"));

        public Tuning {
            SPEC.check(items, workGroup, rowWorkGroup);
        }
    }

    private final Map<String, Kernel> forward = new HashMap<>();
    private final Map<String, Kernel> backward = new HashMap<>();
    private final Kernel softmaxForward = kernel("softmax_forward");
    private final Kernel softmaxBackward = kernel("softmax_backward");

    public ActivationKernels(ClContext context) {
        this(context, Tuning.SPEC.defaults(context.device()));
    }

    public ActivationKernels(ClContext context, Tuning tuning) {
        super(context, SOURCE, Tuning.SPEC, tuning);
        for (String f : FUNCTIONS) {
            forward.put(f, kernel(f + "_forward"));
            backward.put(f, kernel(f + "_backward"));
        }
    }

    /**
     * {@code y[i] = f(x[i])} for {@code count} values; {@code param} is the leaky slope or the ELU
     * alpha (ignored by the other functions).
     */
    public void forward(String function, int count, float param, Buffer x, Buffer y) {
        Kernel k = kernel(forward, function);
        requireSize("input", x, count);
        requireSize("output", y, count);
        k.args().buffer(x).buffer(y).i(count).f(param).launch1D(elementItems(count), tuning().workGroup());
    }

    /**
     * {@code dx[i] = dy[i] * f'(...)}, where {@code saved} is the forward input for relu,
     * leaky_relu and elu and the forward output for sigmoid and tanh.
     */
    public void backward(String function, int count, float param, Buffer saved, Buffer dy, Buffer dx) {
        Kernel k = kernel(backward, function);
        requireSize("saved tensor", saved, count);
        requireSize("grad_output", dy, count);
        requireSize("grad_input", dx, count);
        k.args().buffer(saved).buffer(dy).buffer(dx).i(count).f(param)
                .launch1D(elementItems(count), tuning().workGroup());
    }

    /** Softmax (or log-softmax) over dimension 1 of {@code [outer, classes, inner]}. */
    public void softmaxForward(boolean log, int outer, int classes, int inner, Buffer x, Buffer y) {
        long size = (long) outer * classes * inner;
        requireSize("input", x, size);
        requireSize("output", y, size);
        launchRows(softmaxForward.args().buffer(x).buffer(y).i(classes).i(inner)
                .i(log ? 1 : 0), outer, classes, inner);
    }

    /** The input gradient of softmax (or log-softmax) from its output {@code y} and {@code dy}. */
    public void softmaxBackward(boolean log, int outer, int classes, int inner, Buffer y, Buffer dy, Buffer dx) {
        long size = (long) outer * classes * inner;
        requireSize("output", y, size);
        requireSize("grad_output", dy, size);
        requireSize("grad_input", dx, size);
        launchRows(softmaxBackward.args().buffer(y).buffer(dy).buffer(dx).i(classes).i(inner)
                .i(log ? 1 : 0), outer, classes, inner);
    }

    private void launchRows(KernelArgs args, int outer, int classes, int inner) {
        Kernel k = args.kernel();
        int wg = tuning().rowWorkGroup();
        if (k.maxWorkGroupSize() < wg) {
            throw new IllegalStateException(k.name() + ": the device allows work-groups of " + k.maxWorkGroupSize()
                    + " for this kernel, the tuning asks for " + wg);
        }
        long rows = (long) outer * inner;
        if (rows == 0 || classes == 0) {
            return;
        }
        args.launch(new long[] {rows * wg}, new long[] {wg});
    }

    private long elementItems(int count) {
        return Launch.blocks(count, tuning().items());
    }

    private static Kernel kernel(Map<String, Kernel> kernels, String function) {
        Kernel k = kernels.get(function);
        if (k == null) {
            throw new IllegalArgumentException("activation: unknown function '" + function + "' (known: "
                    + FUNCTIONS + ")");
        }
        return k;
    }
}
