package org.lamina.plugins.architectures;

import java.util.Set;
import org.lamina.graph.Conv2dNode;
import org.lamina.graph.Graph;
import org.lamina.graph.Initializer;
import org.lamina.graph.Network;
import org.lamina.graph.Node;
import org.lamina.spi.Architecture;
import org.lamina.spi.Options;
import org.osgi.service.component.annotations.Component;

/**
 * ResNet-18 (He et al., 2016) as torchvision builds it: a 7x7 stride-2 convolution of 64 channels, batch
 * norm, ReLU and 3x3 stride-2 max pooling; four stages of two basic blocks (two 3x3 convolutions with
 * batch norm, the input added before the last ReLU) of 64, 128, 256 and 512 channels, stages 2 to 4
 * halving the size in their first block, whose shortcut is then a projection (1x1 stride-2 convolution
 * and batch norm); global average pooling and a dense layer. Convolutions have no bias. 11,689,512
 * parameters at 3x224x224 with 1000 classes, under torchvision's names ({@code layer2.0.downsample.0.weight},
 * {@code layer4.1.bn2.running_var}); convolutions start He normal, batch norms at weight 1, bias 0.
 *
 * <p>Options: {@code stem} (auto|imagenet|small, see {@link Stem}): the small stem is the CIFAR
 * ResNet's, a 3x3 stride-1 first convolution and no max pooling, so a 32x32 image reaches the last
 * stage at 4x4 (28x28: 4x4 too).
 */
@Component(service = Architecture.class)
public final class ResNet18 implements Architecture {

    @Override
    public String name() {
        return "resnet18";
    }

    @Override
    public String description() {
        return "ResNet-18: basic blocks 2-2-2-2, 64..512 channels, batch norm, projection shortcuts; stem (auto|imagenet|small)";
    }

    @Override
    public Network build(int[] inputShape, int classes, Options options) {
        options.requireOnly(name(), Set.of("stem"));
        boolean small = Stem.small(name(), inputShape, classes, options);
        Graph g = new Graph(name());
        Node x = g.input("image", inputShape);
        Node y = conv(small ? g.conv2d(x, 64, 3).pad(1) : g.conv2d(x, 64, 7).stride(2).pad(3), "conv1");
        y = y.batchNorm().name("bn1").relu();
        if (!small) {
            y = y.maxPool(3, 2).pad(1).name("maxpool");
        }
        int channels = 64;
        for (int stage = 1; stage <= 4; stage++, channels *= 2) {
            for (int block = 0; block < 2; block++) {
                y = basicBlock(g, y, channels, stage > 1 && block == 0 ? 2 : 1, "layer" + stage + "." + block);
            }
        }
        g.output(y.globalAvgPool().name("avgpool").dense(classes).name("fc"));
        return g.build();
    }

    /** Two 3x3 convolutions with batch norm, plus the input (projected where the shape changes). */
    private static Node basicBlock(Graph g, Node in, int channels, int stride, String name) {
        Node a = conv(in.conv2d(channels, 3).stride(stride).pad(1), name + ".conv1");
        a = a.batchNorm().name(name + ".bn1").relu();
        a = conv(a.conv2d(channels, 3).pad(1), name + ".conv2").batchNorm().name(name + ".bn2");
        Node shortcut = in;
        if (stride != 1 || in.shape()[0] != channels) {
            shortcut = conv(in.conv2d(channels, 1).stride(stride), name + ".downsample.0").batchNorm()
                    .name(name + ".downsample.1");
        }
        return g.add(a, shortcut).name(name + ".add").relu();
    }

    private static Node conv(Conv2dNode c, String name) {
        return c.bias(false).weightInit(Initializer.heNormal()).name(name);
    }
}
