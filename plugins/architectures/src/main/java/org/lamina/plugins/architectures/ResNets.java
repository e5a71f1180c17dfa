package org.lamina.plugins.architectures;

import java.util.function.UnaryOperator;
import org.lamina.graph.Conv2dNode;
import org.lamina.graph.Graph;
import org.lamina.graph.Initializer;
import org.lamina.graph.Network;
import org.lamina.graph.Node;

/**
 * The ImageNet ResNets as torchvision builds them (ResNet-34, ResNet-50, Wide ResNet-50-2), under its
 * state-dict names: the stem (7x7/2 convolution, batch norm, ReLU, 3x3/2 max pooling; the CIFAR stem
 * with {@code stem=small}, as {@link ResNet18}), four stages of basic or bottleneck blocks of 64..512
 * planes, global average pooling and a dense layer. Bottlenecks are torchvision's "v1.5": the stride is
 * on the 3x3 convolution; their inner width is {@code planes * widthPerGroup / 64} (128 for the wide
 * ResNets), their output {@code 4 * planes}. Convolutions have no bias and start He normal. The
 * {@code width} option (0 to 1, as the VGGs') scales the stem's 64 channels and every stage's planes, so
 * that the deep networks train a few steps on a CPU in seconds; at 1 the network is torchvision's.
 */
final class ResNets {
    private ResNets() {
    }

    /** Builds a ResNet with {@code blocks[i]} blocks in stage i+1, its channels scaled by {@code width}. */
    static Network build(String name, int[] inputShape, int classes, boolean small, int[] blocks, boolean bottleneck,
            int widthPerGroup, double width) {
        return build(name, inputShape, classes, small, blocks, bottleneck, widthPerGroup, width, Node::relu);
    }

    /**
     * As above with {@code act} in place of every ReLU: the tests use a smooth one, whose gradients have no
     * kinks for float32 rounding to cross (ZooTest).
     */
    static Network build(String name, int[] inputShape, int classes, boolean small, int[] blocks, boolean bottleneck,
            int widthPerGroup, double width, UnaryOperator<Node> act) {
        Graph g = new Graph(name);
        Node x = g.input("image", inputShape);
        int stem = Math.max(1, (int) Math.round(64 * width));
        Node y = conv(small ? g.conv2d(x, stem, 3).pad(1) : g.conv2d(x, stem, 7).stride(2).pad(3), "conv1");
        y = act.apply(y.batchNorm().name("bn1"));
        if (!small) {
            y = y.maxPool(3, 2).pad(1).name("maxpool");
        }
        int planes = stem;
        for (int stage = 1; stage <= 4; stage++, planes *= 2) {
            for (int block = 0; block < blocks[stage - 1]; block++) {
                int stride = stage > 1 && block == 0 ? 2 : 1;
                String n = "layer" + stage + "." + block;
                y = bottleneck ? bottleneck(g, y, planes, planes * widthPerGroup / 64, stride, n, act)
                        : basic(g, y, planes, stride, n, act);
            }
        }
        g.output(y.globalAvgPool().name("avgpool").dense(classes).name("fc"));
        return g.build();
    }

    /** Two 3x3 convolutions with batch norm, plus the input (projected where the shape changes). */
    static Node basic(Graph g, Node in, int channels, int stride, String name, UnaryOperator<Node> act) {
        Node a = act.apply(conv(in.conv2d(channels, 3).stride(stride).pad(1), name + ".conv1").batchNorm().name(name + ".bn1"));
        a = conv(a.conv2d(channels, 3).pad(1), name + ".conv2").batchNorm().name(name + ".bn2");
        return act.apply(g.add(a, shortcut(in, channels, stride, name)).name(name + ".add"));
    }

    /** 1x1 down to {@code width}, 3x3 (strided), 1x1 up to {@code 4 * planes}, each with batch norm. */
    static Node bottleneck(Graph g, Node in, int planes, int width, int stride, String name, UnaryOperator<Node> act) {
        Node a = act.apply(conv(in.conv2d(width, 1), name + ".conv1").batchNorm().name(name + ".bn1"));
        a = act.apply(conv(a.conv2d(width, 3).stride(stride).pad(1), name + ".conv2").batchNorm().name(name + ".bn2"));
        a = conv(a.conv2d(4 * planes, 1), name + ".conv3").batchNorm().name(name + ".bn3");
        return act.apply(g.add(a, shortcut(in, 4 * planes, stride, name)).name(name + ".add"));
    }

    private static Node shortcut(Node in, int channels, int stride, String name) {
        if (stride == 1 && in.shape()[0] == channels) {
            return in;
        }
        return conv(in.conv2d(channels, 1).stride(stride), name + ".downsample.0").batchNorm().name(name + ".downsample.1");
    }

    static Node conv(Conv2dNode c, String name) {
        return c.bias(false).weightInit(Initializer.heNormal()).name(name);
    }
}
