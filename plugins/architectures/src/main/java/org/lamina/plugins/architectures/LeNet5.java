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
 * LeNet-5 (LeCun et al., 1998) as commonly used today: two 5x5 convolutions with 6 and 16
 * channels, each followed by an activation and 2x2 pooling, then dense layers of 120, 84 and the
 * classes. Inputs smaller than 32x32 are padded in the first convolution to keep the classic
 * 5x5x16 feature map (28x28 MNIST images get padding 2).
 *
 * <p>Options: {@code variant=relu} (ReLU and max pooling, the default) or {@code variant=tanh}
 * (the classic tanh and average pooling).
 */
@Component(service = Architecture.class)
public final class LeNet5 implements Architecture {

    @Override
    public String name() {
        return "lenet5";
    }

    @Override
    public String description() {
        return "LeNet-5: conv 6@5x5, pool, conv 16@5x5, pool, dense 120, 84, classes; variant (relu|tanh)";
    }

    @Override
    public Network build(int[] inputShape, int classes, Options options) {
        options.requireOnly(name(), Set.of("variant"));
        String variant = options.string("variant", "relu");
        boolean relu = switch (variant) {
            case "relu" -> true;
            case "tanh" -> false;
            default -> throw new IllegalArgumentException(name() + ": variant '" + variant + "' is not relu or tanh");
        };
        if (inputShape.length != 3 || inputShape[1] < 5 || inputShape[2] < 5) {
            throw new IllegalArgumentException(name() + ": needs images [C, H, W] of at least 5x5, got "
                    + Arrays.toString(inputShape));
        }
        int padH = Math.max(0, (32 - inputShape[1]) / 2), padW = Math.max(0, (32 - inputShape[2]) / 2);
        Graph g = new Graph(name());
        Node x = g.input("image", inputShape);
        Node y = block(g.conv2d(x, 6, 5).pad(padH, padW).name("conv1"), relu, "pool1");
        y = block(y.conv2d(16, 5).name("conv2"), relu, "pool2");
        y = act(y.dense(120).name("fc1"), relu);
        y = act(y.dense(84).name("fc2"), relu);
        g.output(y.dense(classes).name("fc3"));
        return g.build();
    }

    private static Node block(Node conv, boolean relu, String pool) {
        Node a = act(conv, relu);
        return (relu ? a.maxPool(2) : a.avgPool(2)).name(pool);
    }

    private static Node act(Node n, boolean relu) {
        return relu ? n.relu() : n.tanh();
    }
}
