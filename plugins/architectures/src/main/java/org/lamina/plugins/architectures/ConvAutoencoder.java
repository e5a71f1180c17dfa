package org.lamina.plugins.architectures;

import java.util.Arrays;
import java.util.Set;
import org.lamina.graph.Graph;
import org.lamina.graph.Initializer;
import org.lamina.graph.Network;
import org.lamina.graph.Node;
import org.lamina.spi.Architecture;
import org.lamina.spi.Options;
import org.osgi.service.component.annotations.Component;

/**
 * A convolutional autoencoder: an encoder of {@code depth} 3x3 stride-2 convolutions (padding 1) with
 * ReLU, from {@code base} channels doubling at each, and a mirror-image decoder of 3x3 stride-2
 * transposed convolutions (padding 1, output padding 1) with ReLU, the last one back to the image's
 * channels, so the output has the input's shape {@code [C, H, W]} (train it with the mean squared error
 * against the input). Names are two PyTorch Sequentials' ({@code encoder.2.weight},
 * {@code decoder.0.bias}); the reference definition is in {@code tools/reference/torchvision_state_dicts.py}.
 * The class count is not used.
 *
 * <p>Options: {@code depth} (2, 1 to 5), {@code base} (16), {@code output} (linear|sigmoid: a sigmoid after
 * the last layer, for images in [0, 1]). The image's height and width must be multiples of {@code 2^depth}.
 */
@Component(service = Architecture.class)
public final class ConvAutoencoder implements Architecture {

    @Override
    public String name() {
        return "autoencoder";
    }

    @Override
    public String description() {
        return "convolutional autoencoder: stride-2 conv encoder, transposed-conv decoder back to [C, H, W]; depth (2), base (16), output (linear|sigmoid)";
    }

    @Override
    public String task() {
        return "reconstruct";
    }

    @Override
    public Network build(int[] inputShape, int classes, Options options) {
        options.requireOnly(name(), Set.of("depth", "base", "output"));
        if (inputShape.length != 3) {
            throw new IllegalArgumentException(name() + ": needs images [C, H, W], got " + Arrays.toString(inputShape));
        }
        int depth = options.integer("depth", 2);
        if (depth < 1 || depth > 5) {
            throw new IllegalArgumentException(name() + ": depth " + depth + " is outside 1..5");
        }
        int base = options.integer("base", 16);
        if (base < 1) {
            throw new IllegalArgumentException(name() + ": base " + base + " must be at least 1");
        }
        String output = options.string("output", "linear");
        if (!output.equals("linear") && !output.equals("sigmoid")) {
            throw new IllegalArgumentException(name() + ": output '" + output + "' is not linear or sigmoid");
        }
        int step = 1 << depth;
        if (inputShape[1] % step != 0 || inputShape[2] % step != 0) {
            throw new IllegalArgumentException(name() + ": image " + inputShape[1] + "x" + inputShape[2]
                    + " is not a multiple of 2^depth = " + step + " on each side");
        }
        Graph g = new Graph(name());
        Node y = g.input("image", inputShape);
        for (int i = 0; i < depth; i++) {
            y = y.conv2d(base << i, 3).stride(2).pad(1).weightInit(Initializer.heNormal()).name("encoder." + 2 * i).relu();
        }
        for (int i = 0; i < depth; i++) {
            int channels = i == depth - 1 ? inputShape[0] : base << (depth - 2 - i);
            y = g.convTranspose2d(y, channels, 3).stride(2).pad(1).outputPadding(1).weightInit(Initializer.heNormal())
                    .name("decoder." + 2 * i);
            if (i < depth - 1) {
                y = y.relu();
            } else if (output.equals("sigmoid")) {
                y = y.sigmoid();
            }
        }
        g.output(y);
        return g.build();
    }
}
