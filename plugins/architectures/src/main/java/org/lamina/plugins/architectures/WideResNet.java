package org.lamina.plugins.architectures;

import java.util.Arrays;
import java.util.Set;
import org.lamina.graph.Graph;
import org.lamina.graph.Network;
import org.lamina.graph.Node;
import org.lamina.spi.Architecture;
import org.lamina.spi.Options;
import org.osgi.service.component.annotations.Component;

/**
 * The CIFAR wide residual networks WRN-d-k (Zagoruyko and Komodakis, 2016): a 3x3 convolution of 16
 * channels, three groups of {@code (d - 4) / 6} pre-activation basic blocks (batch norm, ReLU, 3x3
 * convolution, dropout, batch norm, ReLU, 3x3 convolution) of 16k, 32k and 64k channels, the second and
 * third group halving the size; where the channels change the shortcut is a 1x1 convolution of the
 * activated input. A final batch norm and ReLU, global average pooling and a dense layer. Names are those
 * of the usual PyTorch code (xternalz/WideResNet-pytorch: {@code block2.layer.0.convShortcut.weight}),
 * which {@code tools/reference/torchvision_state_dicts.py} carries as its reference. WRN-28-10 on CIFAR-10
 * has 36,479,194 parameters, WRN-16-4 2,748,890.
 *
 * <p>Options: {@code depth} (16; 6n + 4 with n at least 1), {@code width} (4; k at least 1),
 * {@code dropout} (0, between the convolutions of a block).
 */
@Component(service = Architecture.class)
public final class WideResNet implements Architecture {

    @Override
    public String name() {
        return "wrn";
    }

    @Override
    public String description() {
        return "WRN-d-k (CIFAR wide ResNet): pre-activation basic blocks, 16k-32k-64k channels; depth (16), width (4), dropout (0)";
    }

    @Override
    public Network build(int[] inputShape, int classes, Options options) {
        options.requireOnly(name(), Set.of("depth", "width", "dropout"));
        if (inputShape.length != 3) {
            throw new IllegalArgumentException(name() + ": needs images [C, H, W], got " + Arrays.toString(inputShape));
        }
        if (classes < 2) {
            throw new IllegalArgumentException(name() + ": needs at least 2 classes, got " + classes);
        }
        int depth = options.integer("depth", 16);
        if (depth < 10 || (depth - 4) % 6 != 0) {
            throw new IllegalArgumentException(name() + ": depth " + depth + " is not 6n + 4 with n >= 1 (10, 16, 22, 28, 40)");
        }
        int k = options.integer("width", 4);
        if (k < 1) {
            throw new IllegalArgumentException(name() + ": width " + k + " must be at least 1");
        }
        double dropout = Stem.dropout(name(), options.has("dropout") ? options : options.with("dropout", 0));
        int n = (depth - 4) / 6;
        Graph g = new Graph(name() + "-" + depth + "-" + k);
        Node y = ResNets.conv(g.conv2d(g.input("image", inputShape), 16, 3).pad(1), "conv1");
        for (int group = 1; group <= 3; group++) {
            int channels = 16 * k << (group - 1);
            for (int b = 0; b < n; b++) {
                y = block(g, y, channels, group > 1 && b == 0 ? 2 : 1, dropout, "block" + group + ".layer." + b);
            }
        }
        y = y.batchNorm().name("bn1").relu();
        g.output(y.globalAvgPool().name("avgpool").dense(classes).name("fc"));
        return g.build();
    }

    private static Node block(Graph g, Node in, int channels, int stride, double dropout, String name) {
        Node act = in.batchNorm().name(name + ".bn1").relu();
        Node a = ResNets.conv(act.conv2d(channels, 3).stride(stride).pad(1), name + ".conv1");
        a = AlexNet.drop(a.batchNorm().name(name + ".bn2").relu(), dropout);
        a = ResNets.conv(a.conv2d(channels, 3).pad(1), name + ".conv2");
        boolean same = stride == 1 && in.shape()[0] == channels;
        Node shortcut = same ? in : ResNets.conv(act.conv2d(channels, 1).stride(stride), name + ".convShortcut");
        return g.add(a, shortcut).name(name + ".add");
    }
}
