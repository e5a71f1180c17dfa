package org.lamina.plugins.optimizers;

import java.util.Set;
import org.lamina.optim.AdamParams;
import org.lamina.spi.Optimizer;
import org.lamina.spi.Options;
import org.lamina.spi.Updater;
import org.osgi.service.component.annotations.Component;

/**
 * Adam ({@code torch.optim.Adam}, Kingma and Ba, 2015), weight decay as an L2 penalty added to the
 * gradient. Options as PyTorch names them, PyTorch's {@code betas} pair as {@code beta1} (0.9) and
 * {@code beta2} (0.999); {@code eps} (1e-8), {@code weight_decay} (0, weights only: biases and
 * normalization parameters are not decayed), {@code amsgrad} (false only: the kernels have no
 * AMSGrad). State: {@code exp_avg} and {@code exp_avg_sq} per parameter. The step count in the bias
 * corrections is the training step, which checkpoints keep.
 */
@Component(service = Optimizer.class)
public final class Adam implements Optimizer {
    static final Set<String> OPTIONS = Set.of("beta1", "beta2", "eps", "weight_decay", "amsgrad");

    @Override
    public String name() {
        return "adam";
    }

    @Override
    public String description() {
        return "Adam: beta1 (0.9), beta2 (0.999), eps (1e-8), weight_decay (0, as L2 in the gradient)";
    }

    @Override
    public Updater create(Options o) {
        return updater(name(), o, false, 0);
    }

    /** The Adam or AdamW rule with options {@code o}; {@code decay} is the default weight decay. */
    static Updater updater(String name, Options o, boolean decoupled, double decay) {
        o.requireOnly(name, OPTIONS);
        if (o.flag("amsgrad", false)) {
            throw new IllegalArgumentException(name + ": amsgrad=true is not supported (the Adam kernel has no AMSGrad)");
        }
        // Validated once up front with a placeholder rate, so that bad options fail before training.
        AdamParams base = new AdamParams(1, o.number("beta1", 0.9), o.number("beta2", 0.999), o.number("eps", 1e-8),
                o.number("weight_decay", decay), decoupled);
        return new StatefulUpdater(name, Set.of("exp_avg", "exp_avg_sq")) {
            @Override
            protected void update(Param p, double lr, int step) {
                AdamParams hp = new AdamParams(lr, base.beta1(), base.beta2(), base.eps(),
                        p.regularized() ? base.weightDecay() : 0, decoupled);
                p.value().backend().optimizers().adam(p.value(), p.gradient(), state.get(p, "exp_avg"),
                        state.get(p, "exp_avg_sq"), hp, step);
            }
        };
    }
}
