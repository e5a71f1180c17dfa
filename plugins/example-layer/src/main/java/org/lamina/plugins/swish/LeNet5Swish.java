package org.lamina.plugins.swish;

import java.util.Arrays;
import org.lamina.graph.Graph;
import org.lamina.graph.Network;
import org.lamina.graph.Node;
import org.lamina.spi.Architecture;
import org.lamina.spi.Options;
import org.osgi.service.component.annotations.Component;

/**
 * LeNet-5 with swish activations: conv 6@5x5, swish, max-pool, conv 16@5x5, swish, max-pool, dense
 * 120, swish, dense 84, swish, dense to the classes. Inputs smaller than 32x32 are padded in the
 * first convolution, as in {@code lenet5}. Options: those of the {@code swish} layer type
 * ({@code beta}, {@code impl}).
 */
@Component(service = Architecture.class)
public final class LeNet5Swish implements Architecture {

    @Override
    public String name() {
        return "lenet5-swish";
    }

    @Override
    public String description() {
        return "LeNet-5 with swish activations (beta=1, impl=auto|opencl|aparapi|java)";
    }

    @Override
    public Network build(int[] inputShape, int classes, Options options) {
        Swish swish = SwishLayerType.swish(options, name());
        if (inputShape.length != 3 || inputShape[1] < 5 || inputShape[2] < 5) {
            throw new IllegalArgumentException(name() + ": needs images [C, H, W] of at least 5x5, got "
                    + Arrays.toString(inputShape));
        }
        if (classes < 2) {
            throw new IllegalArgumentException(name() + ": needs at least 2 classes, got " + classes);
        }
        int padH = Math.max(0, (32 - inputShape[1]) / 2), padW = Math.max(0, (32 - inputShape[2]) / 2);
        Graph g = new Graph(name());
        Node x = g.input("image", inputShape);
        Node y = swish(g, g.conv2d(x, 6, 5).pad(padH, padW).name("conv1"), swish).maxPool(2).name("pool1");
        y = swish(g, y.conv2d(16, 5).name("conv2"), swish).maxPool(2).name("pool2");
        y = swish(g, y.dense(120).name("fc1"), swish);
        y = swish(g, y.dense(84).name("fc2"), swish);
        g.output(y.dense(classes).name("fc3"));
        return g.build();
    }

    private static Node swish(Graph g, Node in, Swish swish) {
        return g.node(new SwishLayer(swish), in);
    }
}
