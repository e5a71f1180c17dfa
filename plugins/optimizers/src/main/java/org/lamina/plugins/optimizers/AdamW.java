package org.lamina.plugins.optimizers;

import org.lamina.spi.Optimizer;
import org.lamina.spi.Options;
import org.lamina.spi.Updater;
import org.osgi.service.component.annotations.Component;

/**
 * AdamW ({@code torch.optim.AdamW}, Loshchilov and Hutter, 2019): Adam with decoupled weight decay,
 * {@code p = p * (1 - lr * weight_decay)} before the Adam update. Options as {@link Adam}, with
 * {@code weight_decay} defaulting to PyTorch's 0.01 (weights only). State: {@code exp_avg} and
 * {@code exp_avg_sq} per parameter, marked as AdamW's so that Adam does not resume from it.
 */
@Component(service = Optimizer.class)
public final class AdamW implements Optimizer {

    @Override
    public String name() {
        return "adamw";
    }

    @Override
    public String description() {
        return "AdamW: beta1 (0.9), beta2 (0.999), eps (1e-8), weight_decay (0.01, decoupled)";
    }

    @Override
    public Updater create(Options o) {
        return Adam.updater(name(), o, true, 0.01);
    }
}
