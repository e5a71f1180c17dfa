package org.lamina.plugins.architectures;

import org.lamina.graph.Network;
import org.lamina.spi.Architecture;
import org.lamina.spi.Options;
import org.osgi.service.component.annotations.Component;

/**
 * torchvision's {@code vgg19}, VGG-19 (configuration E), 2x4096 dense (see {@link Vggs}):  16 conv 3x3 in 5 stages:143,667,240 parameters at
 * 3x224x224 with 1000 classes ({@code batch_norm=true} is torchvision's {@code vgg19_bn}). Options:
 * {@code batch_norm} (false), {@code dropout} (0.5), {@code stem} (auto|imagenet|small).
 */
@Component(service = Architecture.class)
public final class Vgg19 implements Architecture {

    @Override
    public String name() {
        return "vgg19";
    }

    @Override
    public String description() {
        return "VGG-19 (configuration E), 2x4096 dense; batch_norm (false), dropout (0.5), stem (auto|imagenet|small), width (1)";
    }

    @Override
    public Network build(int[] inputShape, int classes, Options options) {
        return Vggs.build(name(), Vggs.E, inputShape, classes, options);
    }
}
