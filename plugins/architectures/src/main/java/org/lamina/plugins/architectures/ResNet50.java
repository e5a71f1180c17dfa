package org.lamina.plugins.architectures;

import java.util.Set;
import org.lamina.graph.Network;
import org.lamina.spi.Architecture;
import org.lamina.spi.Options;
import org.osgi.service.component.annotations.Component;

/**
 * torchvision's {@code resnet50}: bottleneck blocks 3-4-6-3 (see {@link ResNets}); 25,557,032 parameters at
 * 3x224x224 with 1000 classes, under torchvision's state-dict names. Options: {@code stem}
 * (auto|imagenet|small, see {@link Stem}; small is the CIFAR stem, as {@link ResNet18}) and {@code width}
 * (0 to 1, see {@link ResNets}).
 */
@Component(service = Architecture.class)
public final class ResNet50 implements Architecture {

    @Override
    public String name() {
        return "resnet50";
    }

    @Override
    public String description() {
        return "ResNet-50: bottleneck blocks 3-4-6-3, 64..512 planes, batch norm, projection shortcuts; stem (auto|imagenet|small), width (0..1]";
    }

    @Override
    public Network build(int[] inputShape, int classes, Options options) {
        options.requireOnly(name(), Set.of("stem", "width"));
        boolean small = Stem.small(name(), inputShape, classes, options);
        return ResNets.build(name(), inputShape, classes, small, new int[] {3, 4, 6, 3}, true, 64,
                Vggs.width(name(), options));
    }
}
