package org.lamina.plugins.architectures;

import java.util.Set;
import org.lamina.graph.Graph;
import org.lamina.graph.Initializer;
import org.lamina.graph.Network;
import org.lamina.graph.Node;
import org.lamina.spi.Options;

/**
 * The VGG family (Simonyan and Zisserman, 2015) as torchvision's {@code make_layers} builds it from a
 * configuration: 3x3 convolutions with padding 1 (each followed by batch norm with {@code batchNorm}) and
 * ReLU, 2x2 max pooling between the stages, a 7x7 adaptive average pool and a classifier of 4096, dropout,
 * 4096, dropout and the classes. Names follow the position in torchvision's {@code features} Sequential
 * ({@code features.28.weight}; with batch norm a convolution takes three places, so
 * {@code features.1.running_var}). He normal convolutions, N(0, 0.01) dense weights, zero biases.
 *
 * <p>The small stem ({@link Stem}) rounds the pooling up and leaves the adaptive pool out, so the classifier
 * reads the 512 final features (see {@link Vgg16}).
 */
final class Vggs {
    /** Channels per convolution, 0 for a pooling layer: configurations A (VGG-11), B (13), D (16), E (19). */
    static final int[] A = {64, 0, 128, 0, 256, 256, 0, 512, 512, 0, 512, 512, 0};
    static final int[] B = {64, 64, 0, 128, 128, 0, 256, 256, 0, 512, 512, 0, 512, 512, 0};
    static final int[] D = {64, 64, 0, 128, 128, 0, 256, 256, 256, 0, 512, 512, 512, 0, 512, 512, 512, 0};
    static final int[] E = {64, 64, 0, 128, 128, 0, 256, 256, 256, 256, 0, 512, 512, 512, 512, 0, 512, 512, 512, 512, 0};

    private Vggs() {
    }

    /**
     * A VGG whose options besides stem and dropout are {@code batch_norm} (false), as torchvision's
     * {@code vggNN_bn}, and {@code width} (1).
     */
    static Network build(String name, int[] config, int[] inputShape, int classes, Options options) {
        options.requireOnly(name, Set.of("stem", "dropout", "batch_norm", "width"));
        return build(name, config, options.flag("batch_norm", false), inputShape, classes,
                Stem.small(name, inputShape, classes, options), Stem.dropout(name, options), width(name, options));
    }

    /**
     * The {@code width} option: every convolution's channels and the classifier's 4096 features scaled by
     * it (0 to 1; 0.125 is a VGG of 8 to 64 channels that trains on a CPU in minutes).
     */
    static double width(String name, Options options) {
        double width = options.number("width", 1);
        if (!(width > 0 && width <= 1)) {
            throw new IllegalArgumentException(name + ": width " + width + " is outside (0, 1]");
        }
        return width;
    }

    static Network build(String name, int[] config, boolean batchNorm, int[] inputShape, int classes, boolean small,
            double dropout, double width) {
        Graph g = new Graph(name);
        Node y = g.input("image", inputShape);
        int index = 0; // the position in torchvision's features Sequential, which names the parameters
        for (int channels : config) {
            if (channels == 0) {
                y = y.maxPool(2).ceilMode(small).name("features." + index);
                index += 1;
            } else {
                y = y.conv2d(scaled(channels, width), 3).pad(1).weightInit(Initializer.heNormal()).name("features." + index);
                if (batchNorm) {
                    y = y.batchNorm().name("features." + (index + 1));
                }
                y = y.relu();
                index += batchNorm ? 3 : 2; // the convolution, its batch norm and its ReLU
            }
        }
        if (!small) {
            y = g.adaptiveAvgPool(y, 7, 7).name("avgpool");
        }
        y = dense(y, scaled(4096, width), "classifier.0").relu();
        y = dense(AlexNet.drop(y, dropout), scaled(4096, width), "classifier.3").relu();
        g.output(dense(AlexNet.drop(y, dropout), classes, "classifier.6"));
        return g.build();
    }

    private static int scaled(int channels, double width) {
        return Math.max(1, (int) Math.round(channels * width));
    }

    private static Node dense(Node in, int features, String name) {
        return in.dense(features).weightInit(Initializer.gaussian(0.01)).name(name);
    }
}
