package org.lamina.plugins.optimizers;

import java.util.Set;
import org.lamina.optim.AdagradParams;
import org.lamina.spi.Optimizer;
import org.lamina.spi.Options;
import org.lamina.spi.Updater;
import org.osgi.service.component.annotations.Component;

/**
 * Adagrad ({@code torch.optim.Adagrad}, Duchi et al., 2011). Options as PyTorch names them:
 * {@code lr_decay} (0), {@code weight_decay} (0, weights only), {@code initial_accumulator_value}
 * (0), {@code eps} (1e-10). State: {@code sum} of squared gradients per parameter.
 */
@Component(service = Optimizer.class)
public final class Adagrad implements Optimizer {
    static final Set<String> OPTIONS = Set.of("lr_decay", "weight_decay", "initial_accumulator_value", "eps");

    @Override
    public String name() {
        return "adagrad";
    }

    @Override
    public String description() {
        return "Adagrad: lr_decay (0), weight_decay (0), initial_accumulator_value (0), eps (1e-10)";
    }

    @Override
    public Updater create(Options o) {
        o.requireOnly(name(), OPTIONS);
        AdagradParams base = new AdagradParams(1, o.number("lr_decay", 0), o.number("weight_decay", 0),
                o.number("eps", 1e-10));
        double initial = o.number("initial_accumulator_value", 0);
        if (!(initial >= 0) || Double.isInfinite(initial)) {
            throw new IllegalArgumentException(name() + ": initial_accumulator_value " + initial
                    + " must be zero or positive");
        }
        return new StatefulUpdater(name(), Set.of("sum")) {
            @Override
            protected void update(Param p, double lr, int step) {
                AdagradParams hp = new AdagradParams(lr, base.lrDecay(), p.regularized() ? base.weightDecay() : 0,
                        base.eps());
                p.value().backend().optimizers().adagrad(p.value(), p.gradient(), state.get(p, "sum", (float) initial),
                        hp, step);
            }
        };
    }
}
