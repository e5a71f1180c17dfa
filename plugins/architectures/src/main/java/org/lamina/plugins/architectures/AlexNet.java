package org.lamina.plugins.architectures;

import java.util.Set;
import org.lamina.geometry.LocalResponseNormParams;
import org.lamina.graph.Graph;
import org.lamina.graph.Network;
import org.lamina.graph.Node;
import org.lamina.spi.Architecture;
import org.lamina.spi.Options;
import org.osgi.service.component.annotations.Component;

/**
 * AlexNet (Krizhevsky, Sutskever and Hinton, 2012) in torchvision's single-tower form: convolutions of
 * 64 (11x11, stride 4), 192 (5x5), 384, 256 and 256 (3x3) channels with ReLU, overlapping 3x3 max
 * pooling with stride 2 after the first, second and fifth, a 6x6 adaptive average pool, and a
 * classifier of dropout, 4096, dropout, 4096 and the classes. As in the paper, local response
 * normalization ({@link LocalResponseNormParams#alexNet()}: size 5, k 2, beta 0.75, 1e-4 per term)
 * follows the first two ReLUs; it has no parameters, so at 3x224x224 with 1000 classes the network
 * has torchvision's 61,100,840. Parameters carry torchvision's names ({@code features.0.weight},
 * {@code classifier.6.bias}).
 *
 * <p>Options: {@code lrn} (true), {@code dropout} (0.5; 0 leaves it out), {@code stem}
 * (auto|imagenet|small, see {@link Stem}): the small stem's first convolution is 3x3 with stride 1
 * and padding 1, so a 32x32 image leaves the last pooling at 3x3 (28x28: 2x2), which the adaptive
 * pool spreads to the classifier's 6x6.
 *
 * <p>{@code towers} (1): 2 builds the paper's two-GPU form instead, with the paper's channels (96, 256,
 * 384, 384, 256) and grouped convolutions (2 groups) where the paper keeps each GPU's kernels to its own
 * half: the second, fourth and fifth convolutions; the first and third, and the dense layers, see all
 * their inputs. 60,965,224 parameters at 3x224x224 with 1000 classes (Caffe's bvlc_alexnet's count),
 * under the same torchvision names.
 */
@Component(service = Architecture.class)
public final class AlexNet implements Architecture {

    @Override
    public String name() {
        return "alexnet";
    }

    @Override
    public String description() {
        return "AlexNet: 5 conv, LRN, overlapping 3x3/2 pooling, 2x4096 dense; lrn (true), dropout (0.5), towers (1|2), stem (auto|imagenet|small)";
    }

    @Override
    public Network build(int[] inputShape, int classes, Options options) {
        options.requireOnly(name(), Set.of("stem", "lrn", "dropout", "towers"));
        int towers = options.integer("towers", 1);
        if (towers != 1 && towers != 2) {
            throw new IllegalArgumentException(name() + ": towers " + towers + " is not 1 or 2");
        }
        // torchvision's channels in one tower; the paper's, split in two, with two
        int[] c = towers == 1 ? new int[] {64, 192, 384, 256, 256} : new int[] {96, 256, 384, 384, 256};
        boolean small = Stem.small(name(), inputShape, classes, options);
        boolean lrn = options.flag("lrn", true);
        double dropout = Stem.dropout(name(), options);
        Graph g = new Graph(name());
        Node x = g.input("image", inputShape);
        Node y = (small ? g.conv2d(x, c[0], 3).pad(1) : g.conv2d(x, c[0], 11).stride(4).pad(2)).name("features.0").relu();
        y = pool(lrn ? y.lrn(LocalResponseNormParams.alexNet()) : y);
        y = y.conv2d(c[1], 5).pad(2).groups(towers).name("features.3").relu();
        y = pool(lrn ? y.lrn(LocalResponseNormParams.alexNet()) : y);
        y = y.conv2d(c[2], 3).pad(1).name("features.6").relu();
        y = y.conv2d(c[3], 3).pad(1).groups(towers).name("features.8").relu();
        y = pool(y.conv2d(c[4], 3).pad(1).groups(towers).name("features.10").relu());
        y = g.adaptiveAvgPool(y, 6, 6).name("avgpool");
        y = drop(y, dropout).dense(4096).name("classifier.1").relu();
        y = drop(y, dropout).dense(4096).name("classifier.4").relu();
        g.output(y.dense(classes).name("classifier.6"));
        return g.build();
    }

    /** The paper's overlapping pooling: 3x3 windows, stride 2. */
    private static Node pool(Node n) {
        return n.maxPool(3, 2);
    }

    static Node drop(Node n, double p) {
        return p > 0 ? n.dropout(p) : n;
    }
}
