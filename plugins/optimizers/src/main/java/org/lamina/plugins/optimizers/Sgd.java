package org.lamina.plugins.optimizers;

import java.util.Set;
import org.lamina.optim.CaffeSgdParams;
import org.lamina.optim.SgdParams;
import org.lamina.spi.Optimizer;
import org.lamina.spi.Options;
import org.lamina.spi.Updater;
import org.osgi.service.component.annotations.Component;

/**
 * Stochastic gradient descent with optional momentum, dampening, Nesterov momentum and weight decay
 * (applied to weights only; biases are not decayed). {@code convention=pytorch} (the default) follows
 * {@code torch.optim.SGD}; {@code convention=caffe} the AlexNet/Caffe rule
 * {@code v = momentum*v - weight_decay*lr*w - lr*g; w = w + v}.
 *
 * <p>Options: {@code momentum} (0), {@code dampening} (0), {@code weight_decay} (0), {@code nesterov}
 * (false), {@code convention} ({@code pytorch}). State: {@code momentum_buffer} (PyTorch convention
 * with momentum) or {@code velocity} (Caffe convention) per parameter.
 */
@Component(service = Optimizer.class)
public final class Sgd implements Optimizer {
    static final Set<String> OPTIONS = Set.of("momentum", "dampening", "weight_decay", "nesterov", "convention");

    @Override
    public String name() {
        return "sgd";
    }

    @Override
    public String description() {
        return "SGD: momentum (0), dampening (0), nesterov (false), weight_decay (0), convention (pytorch|caffe)";
    }

    @Override
    public Updater create(Options o) {
        o.requireOnly(name(), OPTIONS);
        double momentum = o.number("momentum", 0), dampening = o.number("dampening", 0);
        double decay = o.number("weight_decay", 0);
        boolean nesterov = o.flag("nesterov", false);
        String convention = o.string("convention", "pytorch");
        if (!convention.equals("pytorch") && !convention.equals("caffe")) {
            throw new IllegalArgumentException(name() + ": convention '" + convention + "' is not pytorch or caffe");
        }
        boolean caffe = convention.equals("caffe");
        // Validate once up front with a placeholder rate, so that bad options fail before training.
        if (caffe) {
            if (nesterov || dampening != 0) {
                throw new IllegalArgumentException(name() + ": the caffe convention has no nesterov or dampening");
            }
            new CaffeSgdParams(1, momentum, decay);
        } else {
            new SgdParams(1, momentum, dampening, decay, nesterov);
        }
        Set<String> kinds = caffe ? Set.of("velocity") : momentum != 0 ? Set.of("momentum_buffer") : Set.of();
        return new StatefulUpdater(name(), kinds) {
            @Override
            protected void update(Param p, double lr, int step) {
                double wd = p.regularized() ? decay : 0;
                var ops = p.value().backend().optimizers();
                if (caffe) {
                    ops.sgdCaffe(p.value(), p.gradient(), state.get(p, "velocity"), new CaffeSgdParams(lr, momentum, wd));
                } else {
                    SgdParams hp = new SgdParams(lr, momentum, dampening, wd, nesterov);
                    ops.sgd(p.value(), p.gradient(), hp.usesMomentum() ? state.get(p, "momentum_buffer") : null, hp, step);
                }
            }
        };
    }
}
