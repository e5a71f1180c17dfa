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
 * U-Net (Ronneberger, Fischer and Brox, 2015) for per-pixel classification, with padded convolutions so
 * the output keeps the input's size, as the common PyTorch code builds it (milesial/Pytorch-UNet, with
 * transposed convolutions): a double convolution (3x3, batch norm, ReLU, twice; no bias) of {@code base}
 * channels, {@code depth} steps down (2x2 max pooling, a double convolution doubling the channels), as many
 * up (a 2x2 stride-2 transposed convolution halving the channels, concatenated after the encoder's
 * output of the same size — skip first, as {@code torch.cat([skip, up])} —, a double convolution), and a
 * 1x1 convolution to the classes. The output is the classes' logits per pixel, {@code [classes, H, W]}.
 * Names are that code's ({@code down2.maxpool_conv.1.double_conv.3.weight}, {@code up1.up.weight},
 * {@code outc.conv.bias}); the defaults (depth 4, base 64) with 3 channels and 2 classes have its
 * 31,037,698 parameters (see {@code tools/reference/torchvision_state_dicts.py}).
 *
 * <p>Options: {@code depth} (4, 1 to 6), {@code base} (64, at least 1). The image's height and width
 * must be multiples of {@code 2^depth}.
 */
@Component(service = Architecture.class)
public final class UNet implements Architecture {

    @Override
    public String name() {
        return "unet";
    }

    @Override
    public String description() {
        return "U-Net: encoder-decoder with concatenated skips, transposed-conv up-sampling, per-pixel logits [classes, H, W]; depth (4), base (64)";
    }

    @Override
    public String task() {
        return "segment";
    }

    @Override
    public Network build(int[] inputShape, int classes, Options options) {
        options.requireOnly(name(), Set.of("depth", "base"));
        if (inputShape.length != 3) {
            throw new IllegalArgumentException(name() + ": needs images [C, H, W], got " + Arrays.toString(inputShape));
        }
        if (classes < 2) {
            throw new IllegalArgumentException(name() + ": needs at least 2 classes, got " + classes);
        }
        int depth = options.integer("depth", 4);
        if (depth < 1 || depth > 6) {
            throw new IllegalArgumentException(name() + ": depth " + depth + " is outside 1..6");
        }
        int base = options.integer("base", 64);
        if (base < 1) {
            throw new IllegalArgumentException(name() + ": base " + base + " must be at least 1");
        }
        int step = 1 << depth;
        if (inputShape[1] % step != 0 || inputShape[2] % step != 0) {
            throw new IllegalArgumentException(name() + ": image " + inputShape[1] + "x" + inputShape[2]
                    + " is not a multiple of 2^depth = " + step + " on each side");
        }
        Graph g = new Graph(name());
        Node[] skips = new Node[depth + 1];
        Node y = doubleConv(g.input("image", inputShape), base, "inc.double_conv");
        skips[0] = y;
        for (int i = 1; i <= depth; i++) {
            String n = "down" + i + ".maxpool_conv";
            y = doubleConv(y.maxPool(2).name(n + ".0"), base << i, n + ".1.double_conv");
            skips[i] = y;
        }
        for (int i = 1; i <= depth; i++) {
            int channels = base << (depth - i);
            Node up = g.convTranspose2d(y, channels, 2).stride(2).weightInit(Initializer.heNormal()).name("up" + i + ".up");
            Node cat = g.concat(skips[depth - i], up).name("up" + i + ".cat");
            y = doubleConv(cat, channels, "up" + i + ".conv.double_conv");
        }
        g.output(y.conv2d(classes, 1).name("outc.conv"));
        return g.build();
    }

    /** Two 3x3 convolutions (no bias) with batch norm and ReLU: {@code NAME.0}, {@code .1}, {@code .3}, {@code .4}. */
    private static Node doubleConv(Node in, int channels, String name) {
        Node y = in.conv2d(channels, 3).pad(1).bias(false).weightInit(Initializer.heNormal()).name(name + ".0")
                .batchNorm().name(name + ".1").relu();
        return y.conv2d(channels, 3).pad(1).bias(false).weightInit(Initializer.heNormal()).name(name + ".3")
                .batchNorm().name(name + ".4").relu();
    }
}
