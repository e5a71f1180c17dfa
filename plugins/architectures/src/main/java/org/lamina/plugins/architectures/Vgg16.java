package org.lamina.plugins.architectures;

import java.util.Set;
import org.lamina.graph.Network;
import org.lamina.spi.Architecture;
import org.lamina.spi.Options;
import org.osgi.service.component.annotations.Component;

/**
 * VGG-16 (Simonyan and Zisserman, 2015, configuration D) as torchvision builds it: 13 3x3 convolutions
 * with padding 1 and ReLU in five stages of 64, 128, 256, 512 and 512 channels, each stage ending in
 * 2x2 max pooling; a 7x7 adaptive average pool; a classifier of 4096, dropout, 4096, dropout and the
 * classes. 138,357,544 parameters at 3x224x224 with 1000 classes, under torchvision's names
 * ({@code features.28.weight}, {@code classifier.6.bias}), built by {@link Vggs}. Initialization as torchvision: He normal
 * convolutions, N(0, 0.01) dense weights, zero biases.
 *
 * <p>Options: {@code dropout} (0.5; 0 leaves it out), {@code stem} (auto|imagenet|small, see
 * {@link Stem}). VGG has no stem of its own, so {@code small} adapts the other end: the pooling rounds
 * up (a 28x28 image ends at 1x1 rather than nothing) and the adaptive pool is left out, so the
 * classifier reads the 512 final features directly (at 32x32 and 28x28) instead of 25,088 copies.
 * {@code width} (1) scales every layer's channels and features: {@code width=0.125} is a VGG of 8 to 64
 * channels that trains on a CPU in minutes (the network {@code lamina style} uses in docs/visualization.md).
 */
@Component(service = Architecture.class)
public final class Vgg16 implements Architecture {
    /** Channels per convolution, 0 for a pooling layer. */
    private static final int[] CONFIG = Vggs.D;

    @Override
    public String name() {
        return "vgg16";
    }

    @Override
    public String description() {
        return "VGG-16: 13 conv 3x3 in 5 stages, 2x4096 dense; dropout (0.5), stem (auto|imagenet|small), width (1)";
    }

    @Override
    public Network build(int[] inputShape, int classes, Options options) {
        options.requireOnly(name(), Set.of("stem", "dropout", "width"));
        boolean small = Stem.small(name(), inputShape, classes, options);
        double dropout = Stem.dropout(name(), options);
        return Vggs.build(name(), CONFIG, false, inputShape, classes, small, dropout, Vggs.width(name(), options));
    }
}
