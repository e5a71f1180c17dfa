package org.lamina.optim;

/**
 * Adagrad ({@code torch.optim.Adagrad}): at step t = 1, 2, ... with gradient g, parameter p and the sum
 * of squares s (starting at PyTorch's {@code initial_accumulator_value}, usually zero: the caller fills
 * the state tensor),
 * <pre>
 *   g = g + weightDecay * p
 *   clr = lr / (1 + (t - 1) * lrDecay)
 *   s = s + g^2
 *   p = p - clr * g / (sqrt(s) + eps)
 * </pre>
 *
 * @param lr learning rate, positive
 * @param lrDecay learning-rate decay per step, zero or positive
 * @param weightDecay zero or positive
 * @param eps added to the denominator, positive
 */
public record AdagradParams(double lr, double lrDecay, double weightDecay, double eps) {
    public static final String NAME = "adagrad";

    /**
     * @throws IllegalArgumentException naming the optimizer, the parameter and its value
     */
    public AdagradParams {
        Hyper.positive(NAME, "learning rate (lr)", lr);
        Hyper.nonNegative(NAME, "lr_decay", lrDecay);
        Hyper.nonNegative(NAME, "weight_decay", weightDecay);
        Hyper.positive(NAME, "eps", eps);
    }

    /** PyTorch's defaults: no learning-rate decay, no weight decay, eps 1e-10. */
    public static AdagradParams of(double lr) {
        return new AdagradParams(lr, 0, 0, 1e-10);
    }

    /** The learning rate of step {@code t}: {@code lr / (1 + (t - 1) * lrDecay)}. */
    public double learningRate(long t) {
        return lr / (1 + (t - 1) * lrDecay);
    }
}
