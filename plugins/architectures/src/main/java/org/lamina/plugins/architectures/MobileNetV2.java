package org.lamina.plugins.architectures;

import java.util.Set;
import org.lamina.graph.Graph;
import org.lamina.graph.Initializer;
import org.lamina.graph.Network;
import org.lamina.graph.Node;
import org.lamina.layers.Activation;
import org.lamina.spi.Architecture;
import org.lamina.spi.Options;
import org.osgi.service.component.annotations.Component;

/**
 * MobileNet v2 (Sandler et al., 2018) as torchvision builds it, under its state-dict names
 * ({@code features.3.conv.1.0.weight}): a 3x3/2 convolution of 32 channels, seventeen inverted residual
 * blocks (a 1x1 expansion by t with batch norm and ReLU6 — left out where t is 1 —, a 3x3 depthwise
 * convolution with batch norm and ReLU6, a linear 1x1 projection with batch norm; the input added where
 * the stride is 1 and the channels stay), a 1x1 convolution to 1280 channels, global average pooling,
 * dropout and a dense layer. Convolutions have no bias. 3,504,872 parameters at 3x224x224 with 1000
 * classes.
 *
 * <p>Options: {@code width} (1.0; torchvision's {@code width_mult}, channels rounded to multiples of 8),
 * {@code dropout} (0.2), {@code stem} (auto|imagenet|small; small makes the first convolution stride 1,
 * so 32x32 ends at 2x2).
 */
@Component(service = Architecture.class)
public final class MobileNetV2 implements Architecture {
    /** Expansion t, output channels c, blocks n, first stride s: torchvision's inverted_residual_setting. */
    private static final int[][] SETTING = {
        {1, 16, 1, 1}, {6, 24, 2, 2}, {6, 32, 3, 2}, {6, 64, 4, 2}, {6, 96, 3, 1}, {6, 160, 3, 2}, {6, 320, 1, 1},
    };

    @Override
    public String name() {
        return "mobilenet_v2";
    }

    @Override
    public String description() {
        return "MobileNet v2: inverted residual blocks, depthwise 3x3, ReLU6; width (1.0), dropout (0.2), stem (auto|imagenet|small)";
    }

    @Override
    public Network build(int[] inputShape, int classes, Options options) {
        options.requireOnly(name(), Set.of("width", "dropout", "stem"));
        boolean small = Stem.small(name(), inputShape, classes, options);
        double width = options.number("width", 1.0);
        if (!(width > 0 && width <= 4)) {
            throw new IllegalArgumentException(name() + ": width " + width + " is outside (0, 4]");
        }
        double dropout = Stem.dropout(name(), options.has("dropout") ? options : options.with("dropout", 0.2));
        Graph g = new Graph(name());
        int channels = divisible(32 * width);
        int last = divisible(1280 * Math.max(1.0, width));
        Node y = convBnRelu6(g.input("image", inputShape), channels, 3, small ? 1 : 2, false, "features.0");
        int index = 1;
        for (int[] s : SETTING) {
            int out = divisible(s[1] * width);
            for (int i = 0; i < s[2]; i++) {
                y = invertedResidual(g, y, out, i == 0 ? s[3] : 1, s[0], "features." + index++);
            }
        }
        y = convBnRelu6(y, last, 1, 1, false, "features." + index);
        y = AlexNet.drop(y.globalAvgPool().name("avgpool"), dropout);
        g.output(y.dense(classes).weightInit(Initializer.gaussian(0.01)).name("classifier.1"));
        return g.build();
    }

    private static Node invertedResidual(Graph g, Node in, int out, int stride, int expand, String name) {
        int inChannels = in.shape()[0];
        int hidden = (int) Math.round(inChannels * (double) expand);
        Node y = in;
        int i = 0;
        if (expand != 1) {
            y = convBnRelu6(y, hidden, 1, 1, false, name + ".conv." + i++);
        }
        y = convBnRelu6(y, hidden, 3, stride, true, name + ".conv." + i++);
        y = y.conv2d(out, 1).bias(false).weightInit(Initializer.heNormal()).name(name + ".conv." + i)
                .batchNorm().name(name + ".conv." + (i + 1));
        return stride == 1 && inChannels == out ? g.add(in, y).name(name + ".add") : y;
    }

    /** torchvision's Conv2dNormActivation: convolution ({@code NAME.0}, no bias), batch norm ({@code NAME.1}), ReLU6. */
    private static Node convBnRelu6(Node in, int channels, int kernel, int stride, boolean depthwise, String name) {
        var c = in.conv2d(channels, kernel).stride(stride).pad((kernel - 1) / 2).bias(false)
                .weightInit(Initializer.heNormal());
        if (depthwise) {
            c = c.depthwise();
        }
        return c.name(name + ".0").batchNorm().name(name + ".1").activation(Activation.relu6());
    }

    /** torchvision's _make_divisible(v, 8): the nearest multiple of 8, at least 8, not below 90% of v. */
    static int divisible(double v) {
        int n = Math.max(8, (int) (v + 4) / 8 * 8);
        return n < 0.9 * v ? n + 8 : n;
    }
}
