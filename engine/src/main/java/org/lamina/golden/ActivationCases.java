package org.lamina.golden;

import java.util.Map;
import org.lamina.backend.Backend;
import org.lamina.ops.DeconvnetReLU;
import org.lamina.ops.ELU;
import org.lamina.ops.GuidedReLU;
import org.lamina.ops.LeakyReLU;
import org.lamina.ops.LogSoftmax;
import org.lamina.ops.ReLU;
import org.lamina.ops.Sigmoid;
import org.lamina.ops.Softmax;
import org.lamina.ops.Tanh;
import org.lamina.tensor.Tensor;

/**
 * Runs the activation cases ({@code relu}, {@code leaky_relu}, {@code elu}, {@code sigmoid},
 * {@code tanh}, {@code softmax}, {@code log_softmax}, and the visualization rules {@code guided_relu},
 * {@code deconvnet_relu}): forward, then the input gradient.
 */
final class ActivationCases implements CaseRunner {
    static final String[] OPS = {ReLU.NAME, LeakyReLU.NAME, ELU.NAME, Sigmoid.NAME, Tanh.NAME, Softmax.NAME,
        LogSoftmax.NAME, GuidedReLU.NAME, DeconvnetReLU.NAME};

    @Override
    public Map<String, float[]> run(GoldenCase c, Backend backend) {
        if (c.op().equals(Softmax.NAME) || c.op().equals(LogSoftmax.NAME)) {
            int dim = c.intParam("dim", 1);
            if (dim != 1) {
                throw new IllegalArgumentException(c.op() + ": dim " + dim + " is not supported (only dim 1)");
            }
        }
        try (CaseTensors t = new CaseTensors(c, backend)) {
            Tensor x = t.load("input");
            Tensor y = t.keep(forward(c, x));
            t.result("output", y);
            if (c.has("grad_out")) {
                t.result("grad_input", backward(c, x, y, t.load("grad_out")));
            }
            return t.results();
        }
    }

    private static Tensor forward(GoldenCase c, Tensor x) {
        return switch (c.op()) {
            case ReLU.NAME -> new ReLU().forward(x);
            case LeakyReLU.NAME -> new LeakyReLU(c.doubleParam("negative_slope", LeakyReLU.DEFAULT_SLOPE)).forward(x);
            case ELU.NAME -> new ELU(c.doubleParam("alpha", 1.0)).forward(x);
            case Sigmoid.NAME -> new Sigmoid().forward(x);
            case Tanh.NAME -> new Tanh().forward(x);
            case Softmax.NAME -> new Softmax().forward(x);
            case LogSoftmax.NAME -> new LogSoftmax().forward(x);
            case GuidedReLU.NAME -> new GuidedReLU().forward(x);
            case DeconvnetReLU.NAME -> new DeconvnetReLU().forward(x);
            default -> throw new IllegalArgumentException("activation cases: unknown op " + c.op());
        };
    }

    private static Tensor backward(GoldenCase c, Tensor x, Tensor y, Tensor dy) {
        return switch (c.op()) {
            case ReLU.NAME -> new ReLU().backward(x, dy);
            case LeakyReLU.NAME -> new LeakyReLU(c.doubleParam("negative_slope", LeakyReLU.DEFAULT_SLOPE))
                    .backward(x, dy);
            case ELU.NAME -> new ELU(c.doubleParam("alpha", 1.0)).backward(x, dy);
            case Sigmoid.NAME -> new Sigmoid().backward(y, dy);
            case Tanh.NAME -> new Tanh().backward(y, dy);
            case Softmax.NAME -> new Softmax().backward(y, dy);
            case LogSoftmax.NAME -> new LogSoftmax().backward(y, dy);
            case GuidedReLU.NAME -> new GuidedReLU().backward(x, dy);
            case DeconvnetReLU.NAME -> new DeconvnetReLU().backward(x, dy);
            default -> throw new IllegalArgumentException("activation cases: unknown op " + c.op());
        };
    }
}
