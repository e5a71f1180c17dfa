package org.lamina.plugins.optimizers;

import java.util.Set;
import org.lamina.optim.RmspropParams;
import org.lamina.spi.Optimizer;
import org.lamina.spi.Options;
import org.lamina.spi.Updater;
import org.osgi.service.component.annotations.Component;

/**
 * RMSprop ({@code torch.optim.RMSprop}). Options as PyTorch names them: {@code alpha} (0.99),
 * {@code eps} (1e-8), {@code weight_decay} (0, weights only), {@code momentum} (0), {@code centered}
 * (false only: the kernel does not keep the gradient average a centered RMSprop needs). State:
 * {@code square_avg}, and {@code momentum_buffer} with momentum, per parameter.
 */
@Component(service = Optimizer.class)
public final class Rmsprop implements Optimizer {
    static final Set<String> OPTIONS = Set.of("alpha", "eps", "weight_decay", "momentum", "centered");

    @Override
    public String name() {
        return "rmsprop";
    }

    @Override
    public String description() {
        return "RMSprop: alpha (0.99), eps (1e-8), weight_decay (0), momentum (0)";
    }

    @Override
    public Updater create(Options o) {
        o.requireOnly(name(), OPTIONS);
        if (o.flag("centered", false)) {
            throw new IllegalArgumentException(name() + ": centered=true is not supported (the RMSprop kernel keeps no "
                    + "gradient average)");
        }
        RmspropParams base = new RmspropParams(1, o.number("alpha", 0.99), o.number("eps", 1e-8),
                o.number("weight_decay", 0), o.number("momentum", 0));
        Set<String> kinds = base.usesMomentum() ? Set.of("square_avg", "momentum_buffer") : Set.of("square_avg");
        return new StatefulUpdater(name(), kinds) {
            @Override
            protected void update(Param p, double lr, int step) {
                RmspropParams hp = new RmspropParams(lr, base.alpha(), base.eps(),
                        p.regularized() ? base.weightDecay() : 0, base.momentum());
                p.value().backend().optimizers().rmsprop(p.value(), p.gradient(), state.get(p, "square_avg"),
                        hp.usesMomentum() ? state.get(p, "momentum_buffer") : null, hp);
            }
        };
    }
}
