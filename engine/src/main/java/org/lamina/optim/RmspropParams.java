package org.lamina.optim;

/**
 * RMSprop ({@code torch.optim.RMSprop}, not centered): with gradient g, parameter p, square average s
 * (starting at zero) and, with momentum, a buffer b (starting at zero),
 * <pre>
 *   g = g + weightDecay * p
 *   s = alpha * s + (1 - alpha) * g^2
 *   b = momentum * b + g / (sqrt(s) + eps);  p = p - lr * b      with momentum
 *   p = p - lr * g / (sqrt(s) + eps)                             without
 * </pre>
 *
 * @param lr learning rate, positive
 * @param alpha smoothing constant of the square average, in [0, 1)
 * @param eps added to the denominator, positive
 * @param weightDecay zero or positive
 * @param momentum zero (no buffer) or positive
 */
public record RmspropParams(double lr, double alpha, double eps, double weightDecay, double momentum) {
    public static final String NAME = "rmsprop";

    /**
     * @throws IllegalArgumentException naming the optimizer, the parameter and its value
     */
    public RmspropParams {
        Hyper.positive(NAME, "learning rate (lr)", lr);
        Hyper.decay(NAME, "alpha", alpha);
        Hyper.positive(NAME, "eps", eps);
        Hyper.nonNegative(NAME, "weight_decay", weightDecay);
        Hyper.nonNegative(NAME, "momentum", momentum);
    }

    /** PyTorch's defaults: alpha 0.99, eps 1e-8, no weight decay, no momentum. */
    public static RmspropParams of(double lr) {
        return new RmspropParams(lr, 0.99, 1e-8, 0, 0);
    }

    public RmspropParams withMomentum(double m) {
        return new RmspropParams(lr, alpha, eps, weightDecay, m);
    }

    public RmspropParams withWeightDecay(double wd) {
        return new RmspropParams(lr, alpha, eps, wd, momentum);
    }

    /** Whether the rule keeps a momentum buffer. */
    public boolean usesMomentum() {
        return momentum != 0;
    }
}
