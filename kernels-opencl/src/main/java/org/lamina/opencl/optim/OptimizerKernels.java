package org.lamina.opencl.optim;

import static org.lamina.opencl.tuning.TuningSpec.integer;
import static org.lamina.opencl.tuning.TuningSpec.workGroupSize;

import org.lamina.opencl.Buffer;
import org.lamina.opencl.ClContext;
import org.lamina.opencl.Kernel;
import org.lamina.opencl.KernelArgs;
import org.lamina.opencl.KernelFamily;
import org.lamina.opencl.Launch;
import org.lamina.opencl.ProgramSource;
import org.lamina.opencl.tuning.TuningSpec;

/**
 * Launches {@code optimizers.cl}: one step of an optimizer update rule, in place on device buffers of
 * {@code count} floats (the parameter and the rule's state; the gradient is only read). Scalars that
 * depend on the step (bias corrections, decayed learning rates) are computed here in double precision
 * and rounded once.
 */
public final class OptimizerKernels extends KernelFamily<OptimizerKernels.Tuning> {
    /** The family's name in the tuning database. */
    public static final String FAMILY = "optimizer";
    static final ProgramSource SOURCE = source(OptimizerKernels.class, "optimizers.cl");

    /** Elements per work-item and the work-group size. */
    public record Tuning(int elemsPerItem, int workGroup) {
        public static final TuningSpec<Tuning> SPEC = TuningSpec.of(FAMILY, Tuning.class,
                integer("elemsPerItem", 1, 64).define("ELEMS_PER_ITEM"), workGroupSize("workGroup"));

        public Tuning {
            SPEC.check(elemsPerItem, workGroup);
        }
    }

    private final Kernel sgd = kernel("sgd");
    private final Kernel sgdCaffe = kernel("sgd_caffe");
    private final Kernel adam = kernel("adam");
    private final Kernel rmsprop = kernel("rmsprop");
    private final Kernel adagrad = kernel("adagrad");

    public OptimizerKernels(ClContext context) {
        this(context, Tuning.SPEC.defaults(context.device()));
    }

    public OptimizerKernels(ClContext context, Tuning tuning) {
        super(context, SOURCE, Tuning.SPEC, tuning);
    }

    /**
     * PyTorch's SGD: {@code d = g + wd p}; with momentum {@code buf = (step 1) ? d : momentum buf +
     * (1 - dampening) d}, {@code d = nesterov ? d + momentum buf : buf}; {@code p -= lr d}. {@code buf}
     * may be null without momentum.
     */
    public void sgd(long count, Buffer p, Buffer g, Buffer buf, double lr, double momentum, double dampening,
            double weightDecay, boolean nesterov, long step) {
        boolean hasMomentum = momentum != 0;
        require(count, p, g);
        if (hasMomentum) {
            requireSize("momentum_buffer", buf, count);
        }
        launch(sgd.args().buffer(p).buffer(g).buffer(hasMomentum ? buf : null).l(count).f((float) lr)
                .f((float) momentum).f((float) dampening).f((float) weightDecay).i(nesterov ? 1 : 0)
                .i(step == 1 ? 1 : 0).i(hasMomentum ? 1 : 0), count);
    }

    /** Caffe's SGD: {@code v = momentum v - wd lr w - lr g; w = w + v}. */
    public void sgdCaffe(long count, Buffer w, Buffer g, Buffer v, double lr, double momentum, double weightDecay) {
        require(count, w, g);
        requireSize("velocity", v, count);
        launch(sgdCaffe.args().buffer(w).buffer(g).buffer(v).l(count).f((float) lr).f((float) momentum)
                .f((float) (weightDecay * lr)), count);
    }

    /**
     * Adam ({@code decoupled = false}: {@code weightDecay} added to the gradient) or AdamW
     * ({@code decoupled}: {@code p *= 1 - lr wd} first), step {@code step >= 1}.
     */
    public void adam(long count, Buffer p, Buffer g, Buffer m, Buffer v, double lr, double beta1, double beta2,
            double eps, double weightDecay, boolean decoupled, long step) {
        require(count, p, g);
        requireSize("exp_avg", m, count);
        requireSize("exp_avg_sq", v, count);
        double stepSize = lr / (1 - Math.pow(beta1, step));
        double bc2Sqrt = Math.sqrt(1 - Math.pow(beta2, step));
        launch(adam.args().buffer(p).buffer(g).buffer(m).buffer(v).l(count)
                .f((float) (decoupled ? 1 - lr * weightDecay : 1)).f((float) (decoupled ? 0 : weightDecay))
                .f((float) beta1).f((float) (1 - beta1)).f((float) beta2).f((float) (1 - beta2)).f((float) eps)
                .f((float) stepSize).f((float) bc2Sqrt), count);
    }

    /** RMSprop (not centered); {@code buf} may be null without momentum. */
    public void rmsprop(long count, Buffer p, Buffer g, Buffer sq, Buffer buf, double lr, double alpha, double eps,
            double weightDecay, double momentum) {
        boolean hasMomentum = momentum != 0;
        require(count, p, g);
        requireSize("square_avg", sq, count);
        if (hasMomentum) {
            requireSize("momentum_buffer", buf, count);
        }
        launch(rmsprop.args().buffer(p).buffer(g).buffer(sq).buffer(hasMomentum ? buf : null).l(count).f((float) lr)
                .f((float) alpha).f((float) (1 - alpha)).f((float) eps).f((float) weightDecay).f((float) momentum)
                .i(hasMomentum ? 1 : 0), count);
    }

    /** Adagrad with the step's learning rate {@code clr = lr / (1 + (t - 1) lrDecay)} already applied. */
    public void adagrad(long count, Buffer p, Buffer g, Buffer sum, double clr, double weightDecay, double eps) {
        require(count, p, g);
        requireSize("sum", sum, count);
        launch(adagrad.args().buffer(p).buffer(g).buffer(sum).l(count).f((float) clr).f((float) weightDecay)
                .f((float) eps), count);
    }

    private void launch(KernelArgs args, long count) {
        if (count > 0) {
            args.launch1D(Launch.blocks(count, tuning().elemsPerItem()), tuning().workGroup());
        }
    }

    private void require(long count, Buffer p, Buffer g) {
        requireSize("param", p, count);
        requireSize("grad", g, count);
    }
}
