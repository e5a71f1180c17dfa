package org.lamina.optim;

/**
 * Stochastic gradient descent with PyTorch's conventions ({@code torch.optim.SGD}): at step t, with
 * gradient g and parameter p,
 * <pre>
 *   g = g + weightDecay * p
 *   buf = g                                      at t = 1, when momentum != 0
 *   buf = momentum * buf + (1 - dampening) * g   at t > 1
 *   g = nesterov ? g + momentum * buf : buf      when momentum != 0
 *   p = p - lr * g
 * </pre>
 *
 * @param lr learning rate, positive
 * @param momentum momentum factor, zero (plain SGD) or positive
 * @param dampening dampening of the momentum, in [0, 1]
 * @param weightDecay L2 penalty added to the gradient, zero or positive
 * @param nesterov Nesterov momentum; needs momentum > 0 and no dampening
 */
public record SgdParams(double lr, double momentum, double dampening, double weightDecay, boolean nesterov) {
    public static final String NAME = "sgd";

    /**
     * @throws IllegalArgumentException naming the optimizer, the parameter and its value
     */
    public SgdParams {
        Hyper.positive(NAME, "learning rate (lr)", lr);
        Hyper.nonNegative(NAME, "momentum", momentum);
        Hyper.fraction(NAME, "dampening", dampening);
        Hyper.nonNegative(NAME, "weight_decay", weightDecay);
        if (nesterov && (momentum <= 0 || dampening != 0)) {
            throw new IllegalArgumentException(NAME + ": nesterov needs a positive momentum and zero dampening, not "
                    + "momentum " + momentum + " and dampening " + dampening);
        }
    }

    /** Plain SGD: no momentum, no weight decay. */
    public static SgdParams of(double lr) {
        return new SgdParams(lr, 0, 0, 0, false);
    }

    public SgdParams withMomentum(double m) {
        return new SgdParams(lr, m, dampening, weightDecay, nesterov);
    }

    public SgdParams withDampening(double d) {
        return new SgdParams(lr, momentum, d, weightDecay, nesterov);
    }

    public SgdParams withWeightDecay(double wd) {
        return new SgdParams(lr, momentum, dampening, wd, nesterov);
    }

    /** Nesterov momentum on or off (set the momentum first). */
    public SgdParams withNesterov(boolean n) {
        return new SgdParams(lr, momentum, dampening, weightDecay, n);
    }

    /** Whether the rule keeps a momentum buffer. */
    public boolean usesMomentum() {
        return momentum != 0;
    }
}
