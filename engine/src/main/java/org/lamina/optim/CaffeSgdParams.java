package org.lamina.optim;

/**
 * SGD with momentum as Caffe and the AlexNet paper write it, the learning rate inside the velocity:
 * <pre>
 *   v = momentum * v - weightDecay * lr * w - lr * g
 *   w = w + v
 * </pre>
 * (AlexNet: momentum 0.9, weight decay 0.0005). With a constant learning rate this is PyTorch's SGD with
 * the velocity scaled by {@code -lr}; the two differ once the learning rate changes between steps.
 * The velocity starts at zero.
 *
 * @param lr learning rate (the paper's epsilon), positive
 * @param momentum momentum factor, zero or positive
 * @param weightDecay weight decay, zero or positive
 */
public record CaffeSgdParams(double lr, double momentum, double weightDecay) {
    public static final String NAME = "sgd (caffe)";

    /**
     * @throws IllegalArgumentException naming the optimizer, the parameter and its value
     */
    public CaffeSgdParams {
        Hyper.positive(NAME, "learning rate (lr)", lr);
        Hyper.nonNegative(NAME, "momentum", momentum);
        Hyper.nonNegative(NAME, "weight_decay", weightDecay);
    }

    /** AlexNet's settings: momentum 0.9, weight decay 0.0005. */
    public static CaffeSgdParams alexNet(double lr) {
        return new CaffeSgdParams(lr, 0.9, 0.0005);
    }
}
