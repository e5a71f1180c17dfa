package org.lamina.optim;

/**
 * Adam and AdamW ({@code torch.optim.Adam}, {@code torch.optim.AdamW}, without amsgrad): at step
 * t = 1, 2, ... with gradient g, parameter p and moments m, v (starting at zero),
 * <pre>
 *   p = p * (1 - lr * weightDecay)               AdamW (decoupled weight decay), first
 *   g = g + weightDecay * p                      Adam (L2 penalty in the gradient)
 *   m = beta1 * m + (1 - beta1) * g
 *   v = beta2 * v + (1 - beta2) * g^2
 *   p = p - (lr / (1 - beta1^t)) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)
 * </pre>
 *
 * @param lr learning rate, positive
 * @param beta1 decay of the first moment, in [0, 1)
 * @param beta2 decay of the second moment, in [0, 1)
 * @param eps added to the denominator, positive
 * @param weightDecay zero or positive
 * @param decoupled AdamW's decoupled weight decay rather than Adam's L2 penalty
 */
public record AdamParams(double lr, double beta1, double beta2, double eps, double weightDecay, boolean decoupled) {

    /**
     * @throws IllegalArgumentException naming the optimizer, the parameter and its value
     */
    public AdamParams {
        String name = decoupled ? "adamw" : "adam";
        Hyper.positive(name, "learning rate (lr)", lr);
        Hyper.decay(name, "beta1", beta1);
        Hyper.decay(name, "beta2", beta2);
        Hyper.positive(name, "eps", eps);
        Hyper.nonNegative(name, "weight_decay", weightDecay);
    }

    /** Adam with PyTorch's defaults: betas (0.9, 0.999), eps 1e-8, no weight decay. */
    public static AdamParams adam(double lr) {
        return new AdamParams(lr, 0.9, 0.999, 1e-8, 0, false);
    }

    /** AdamW with PyTorch's defaults: betas (0.9, 0.999), eps 1e-8, weight decay 0.01. */
    public static AdamParams adamW(double lr) {
        return new AdamParams(lr, 0.9, 0.999, 1e-8, 0.01, true);
    }

    /** {@code adam} or {@code adamw}. */
    public String name() {
        return decoupled ? "adamw" : "adam";
    }

    public AdamParams withBetas(double b1, double b2) {
        return new AdamParams(lr, b1, b2, eps, weightDecay, decoupled);
    }

    public AdamParams withEps(double e) {
        return new AdamParams(lr, beta1, beta2, e, weightDecay, decoupled);
    }

    public AdamParams withWeightDecay(double wd) {
        return new AdamParams(lr, beta1, beta2, eps, wd, decoupled);
    }
}
