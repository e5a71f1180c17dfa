package org.lamina.opencl.optim;

import java.util.Map;
import org.lamina.opencl.Buffer;
import org.lamina.opencl.ClContext;
import org.lamina.opencl.Device;
import org.lamina.opencl.Kernel;
import org.lamina.opencl.KernelFamily;
import org.lamina.opencl.Launch;
import org.lamina.opencl.ProgramSource;
import org.lamina.opencl.tuning.TuningParameters;

/**
 * Launches {@code optimizers.cl}: one step of an optimizer update rule, in place on device buffers of
 * {@code count} floats (the parameter and the rule's state; the gradient is only read). Scalars that
 * depend on the step (bias corrections, decayed learning rates) are computed here in double precision
 * and rounded once.
 */
public final class OptimizerKernels extends KernelFamily {
    /** The family's name in the tuning database. */
    public static final String FAMILY = "optimizer";
    static final ProgramSource SOURCE = source(OptimizerKernels.class, "optimizers.cl");

    /** Elements per work-item and the work-group size. */
    public record Tuning(int elemsPerItem, int workGroup) {
        public Tuning {
            if (elemsPerItem < 1 || elemsPerItem > 64) {
                throw new IllegalArgumentException("optimizer tuning: " + elemsPerItem
                        + " elements per item is outside 1..64");
            }
            if (workGroup < 1) {
                throw new IllegalArgumentException("optimizer tuning: work-group " + workGroup + " is below 1");
            }
        }

        public static Tuning of(TuningParameters p) {
            return new Tuning(p.integer("elemsPerItem"), p.workGroup("workGroup"));
        }

        /** The device's tuning: its tuned file, else the tuning database's entries for it. */
        public static Tuning defaults(Device device) {
            return tuning(device, FAMILY, Tuning::of);
        }

        Map<String, Integer> defines() {
            return Map.of("ELEMS_PER_ITEM", elemsPerItem);
        }
    }

    private final Tuning tuning;
    private final Kernel sgd;
    private final Kernel sgdCaffe;
    private final Kernel adam;
    private final Kernel rmsprop;
    private final Kernel adagrad;

    public OptimizerKernels(ClContext context) {
        this(context, Tuning.defaults(context.device()));
    }

    public OptimizerKernels(ClContext context, Tuning tuning) {
        super(context, SOURCE, tuning.defines());
        this.tuning = tuning;
        this.sgd = kernel("sgd");
        this.sgdCaffe = kernel("sgd_caffe");
        this.adam = kernel("adam");
        this.rmsprop = kernel("rmsprop");
        this.adagrad = kernel("adagrad");
    }

    public Tuning tuning() {
        return tuning;
    }

    /**
     * PyTorch's SGD: {@code d = g + wd p}; with momentum {@code buf = (step 1) ? d : momentum buf +
     * (1 - dampening) d}, {@code d = nesterov ? d + momentum buf : buf}; {@code p -= lr d}. {@code buf}
     * may be null without momentum.
     */
    public void sgd(long count, Buffer p, Buffer g, Buffer buf, double lr, double momentum, double dampening,
            double weightDecay, boolean nesterov, long step) {
        boolean hasMomentum = momentum != 0;
        require("sgd", count, p, g);
        if (hasMomentum) {
            Launch.requireSize("sgd", "momentum_buffer", buf, count);
        }
        launch(sgd, count, p, g, hasMomentum ? buf : null, count, (float) lr, (float) momentum, (float) dampening,
                (float) weightDecay, nesterov ? 1 : 0, step == 1 ? 1 : 0, hasMomentum ? 1 : 0);
    }

    /** Caffe's SGD: {@code v = momentum v - wd lr w - lr g; w = w + v}. */
    public void sgdCaffe(long count, Buffer w, Buffer g, Buffer v, double lr, double momentum, double weightDecay) {
        require("sgd (caffe)", count, w, g);
        Launch.requireSize("sgd (caffe)", "velocity", v, count);
        launch(sgdCaffe, count, w, g, v, count, (float) lr, (float) momentum, (float) (weightDecay * lr));
    }

    /**
     * Adam ({@code decoupled = false}: {@code weightDecay} added to the gradient) or AdamW
     * ({@code decoupled}: {@code p *= 1 - lr wd} first), step {@code step >= 1}.
     */
    public void adam(long count, Buffer p, Buffer g, Buffer m, Buffer v, double lr, double beta1, double beta2,
            double eps, double weightDecay, boolean decoupled, long step) {
        String op = decoupled ? "adamw" : "adam";
        require(op, count, p, g);
        Launch.requireSize(op, "exp_avg", m, count);
        Launch.requireSize(op, "exp_avg_sq", v, count);
        double stepSize = lr / (1 - Math.pow(beta1, step));
        double bc2Sqrt = Math.sqrt(1 - Math.pow(beta2, step));
        launch(adam, count, p, g, m, v, count, (float) (decoupled ? 1 - lr * weightDecay : 1),
                (float) (decoupled ? 0 : weightDecay), (float) beta1, (float) (1 - beta1), (float) beta2,
                (float) (1 - beta2), (float) eps, (float) stepSize, (float) bc2Sqrt);
    }

    /** RMSprop (not centered); {@code buf} may be null without momentum. */
    public void rmsprop(long count, Buffer p, Buffer g, Buffer sq, Buffer buf, double lr, double alpha, double eps,
            double weightDecay, double momentum) {
        boolean hasMomentum = momentum != 0;
        require("rmsprop", count, p, g);
        Launch.requireSize("rmsprop", "square_avg", sq, count);
        if (hasMomentum) {
            Launch.requireSize("rmsprop", "momentum_buffer", buf, count);
        }
        launch(rmsprop, count, p, g, sq, hasMomentum ? buf : null, count, (float) lr, (float) alpha,
                (float) (1 - alpha), (float) eps, (float) weightDecay, (float) momentum, hasMomentum ? 1 : 0);
    }

    /** Adagrad with the step's learning rate {@code clr = lr / (1 + (t - 1) lrDecay)} already applied. */
    public void adagrad(long count, Buffer p, Buffer g, Buffer sum, double clr, double weightDecay, double eps) {
        require("adagrad", count, p, g);
        Launch.requireSize("adagrad", "sum", sum, count);
        launch(adagrad, count, p, g, sum, count, (float) clr, (float) weightDecay, (float) eps);
    }

    private void launch(Kernel k, long count, Object... args) {
        if (count > 0) {
            k.launch1D(Launch.blocks(count, tuning.elemsPerItem()), tuning.workGroup(), args);
        }
    }

    private static void require(String op, long count, Buffer p, Buffer g) {
        Launch.requireSize(op, "param", p, count);
        Launch.requireSize(op, "grad", g, count);
    }
}
