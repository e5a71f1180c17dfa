package org.lamina.plugins.architectures;

import java.util.Set;
import org.lamina.graph.Network;
import org.lamina.spi.Architecture;
import org.lamina.spi.Options;
import org.osgi.service.component.annotations.Component;

/**
 * torchvision's {@code wide_resnet50_2}: bottleneck blocks 3-4-6-3 twice as wide inside (see {@link ResNets}); 68,883,240 parameters at
 * 3x224x224 with 1000 classes, under torchvision's state-dict names. Options: {@code stem}
 * (auto|imagenet|small, see {@link Stem}; small is the CIFAR stem, as {@link ResNet18}) and {@code width}
 * (0 to 1, see {@link ResNets}).
 */
@Component(service = Architecture.class)
public final class WideResNet50x2 implements Architecture {

    @Override
    public String name() {
        return "wide_resnet50_2";
    }

    @Override
    public String description() {
        return "Wide ResNet-50-2: bottleneck blocks 3-4-6-3 twice as wide inside, 64..512 planes, batch norm, projection shortcuts; stem (auto|imagenet|small), width (0..1]";
    }

    @Override
    public Network build(int[] inputShape, int classes, Options options) {
        options.requireOnly(name(), Set.of("stem", "width"));
        boolean small = Stem.small(name(), inputShape, classes, options);
        return ResNets.build(name(), inputShape, classes, small, new int[] {3, 4, 6, 3}, true, 128,
                Vggs.width(name(), options));
    }
}
