package org.lamina.plugins.architectures;

import java.util.Set;
import org.lamina.graph.Network;
import org.lamina.spi.Architecture;
import org.lamina.spi.Options;
import org.osgi.service.component.annotations.Component;

/**
 * torchvision's {@code vgg16_bn}: VGG-16 (configuration D) with batch norm after each convolution (see
 * {@link Vggs}); 138,365,992 parameters at 3x224x224 with 1000 classes. Options: {@code dropout} (0.5),
 * {@code stem} (auto|imagenet|small).
 */
@Component(service = Architecture.class)
public final class Vgg16Bn implements Architecture {

    @Override
    public String name() {
        return "vgg16_bn";
    }

    @Override
    public String description() {
        return "VGG-16 with batch norm: 13 conv 3x3 + BN in 5 stages, 2x4096 dense; dropout (0.5), stem (auto|imagenet|small), width (1)";
    }

    @Override
    public Network build(int[] inputShape, int classes, Options options) {
        options.requireOnly(name(), Set.of("stem", "dropout", "width"));
        return Vggs.build(name(), Vggs.D, true, inputShape, classes, Stem.small(name(), inputShape, classes, options),
                Stem.dropout(name(), options), Vggs.width(name(), options));
    }
}
