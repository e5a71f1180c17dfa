package org.lamina.plugins.architectures;

import java.util.Map;
import java.util.Set;
import org.lamina.graph.Graph;
import org.lamina.graph.Initializer;
import org.lamina.graph.Network;
import org.lamina.graph.Node;
import org.lamina.spi.Architecture;
import org.lamina.spi.Options;
import org.osgi.service.component.annotations.Component;

/**
 * GoogLeNet (Inception v1; Szegedy et al., 2015) as torchvision builds it, under its state-dict names
 * ({@code inception4c.branch3.1.conv.weight}, {@code aux2.fc1.bias}): a 7x7/2 stem, 1x1 and 3x3
 * convolutions, nine Inception modules (1x1; 1x1 then 3x3; 1x1 then 3x3 — torchvision's 3x3 where the
 * paper has 5x5; 3x3/1 max pooling then 1x1; concatenated) with 3x3/2 (ceil) max pooling between the
 * groups, global average pooling, dropout and a dense layer. Every convolution is torchvision's
 * {@code BasicConv2d}: no bias, batch norm ({@code .bn}; Lamina's eps is 1e-5 where torchvision's is
 * 1e-3), ReLU. 13,004,888 parameters at 3x224x224 with 1000 classes with the auxiliary classifiers,
 * 6,624,904 without.
 *
 * <p><b>Outputs.</b> The network's outputs are, in order, {@code logits} (the main classifier, always
 * first, so whatever reads one output reads this one) and with {@code aux=true} the two auxiliary
 * classifiers {@code aux1} (after inception4a) and {@code aux2} (after inception4d): each a 4x4 adaptive
 * average pool, a 1x1 convolution of 128, a dense 1024 with ReLU and dropout, and a dense layer of the
 * classes. They exist for training (the paper adds 0.3 times their losses); torchvision computes them
 * only in training mode, Lamina always (an inference caller reads {@code logits} and ignores them).
 *
 * <p>Options: {@code aux} (true), {@code dropout} (0.2, before the main classifier), {@code aux_dropout}
 * (0.7), {@code stem} (auto|imagenet|small; small: a 3x3 stride-1 first convolution and neither of the
 * first two max poolings, so 32x32 runs the inception4 modules at 16x16 and inception5 at 8x8).
 */
@Component(service = Architecture.class)
public final class GoogLeNet implements Architecture {
    /** Per module: name, 1x1, 3x3 reduce, 3x3, "5x5" reduce, "5x5", pool projection. */
    private static final Object[][] MODULES = {
        {"inception3a", 64, 96, 128, 16, 32, 32}, {"inception3b", 128, 128, 192, 32, 96, 64},
        {"maxpool3"},
        {"inception4a", 192, 96, 208, 16, 48, 64}, {"aux1"}, {"inception4b", 160, 112, 224, 24, 64, 64},
        {"inception4c", 128, 128, 256, 24, 64, 64}, {"inception4d", 112, 144, 288, 32, 64, 64}, {"aux2"},
        {"inception4e", 256, 160, 320, 32, 128, 128},
        {"maxpool4"},
        {"inception5a", 256, 160, 320, 32, 128, 128}, {"inception5b", 384, 192, 384, 48, 128, 128},
    };

    @Override
    public String name() {
        return "googlenet";
    }

    @Override
    public String description() {
        return "GoogLeNet (Inception v1), outputs logits[, aux1, aux2]; aux (true), dropout (0.2), aux_dropout (0.7), stem (auto|imagenet|small)";
    }

    /** The paper's weight of each auxiliary classifier's loss in training (Szegedy et al., 2015, section 5). */
    static final double AUX_WEIGHT = 0.3;

    @Override
    public Map<String, Double> auxiliaryLossWeights() {
        return Map.of("aux1", AUX_WEIGHT, "aux2", AUX_WEIGHT);
    }

    @Override
    public Network build(int[] inputShape, int classes, Options options) {
        options.requireOnly(name(), Set.of("aux", "dropout", "aux_dropout", "stem"));
        boolean small = Stem.small(name(), inputShape, classes, options);
        boolean aux = options.flag("aux", true);
        double dropout = Stem.dropout(name(), options.has("dropout") ? options : options.with("dropout", 0.2));
        double auxDropout = options.number("aux_dropout", 0.7);
        if (!(auxDropout >= 0 && auxDropout < 1)) {
            throw new IllegalArgumentException(name() + ": aux_dropout " + auxDropout + " is outside [0, 1)");
        }
        Graph g = new Graph(name());
        Node y = g.input("image", inputShape);
        if (small) {
            y = basic(y, 64, 3, 1, 1, "conv1");
        } else {
            y = basic(y, 64, 7, 2, 3, "conv1").maxPool(3, 2).ceilMode(true).name("maxpool1");
        }
        y = basic(y, 64, 1, 1, 0, "conv2");
        y = basic(y, 192, 3, 1, 1, "conv3");
        if (!small) {
            y = y.maxPool(3, 2).ceilMode(true).name("maxpool2");
        }
        Node aux1 = null, aux2 = null;
        for (Object[] m : MODULES) {
            String n = (String) m[0];
            if (m.length > 1) {
                y = inception(g, y, n, (Integer) m[1], (Integer) m[2], (Integer) m[3], (Integer) m[4], (Integer) m[5],
                        (Integer) m[6]);
            } else if (n.startsWith("maxpool")) {
                y = (n.equals("maxpool3") ? y.maxPool(3, 2) : y.maxPool(2, 2)).ceilMode(true).name(n);
            } else if (aux) {
                Node head = auxHead(g, y, classes, auxDropout, n);
                if (n.equals("aux1")) {
                    aux1 = head;
                } else {
                    aux2 = head;
                }
            }
        }
        y = AlexNet.drop(y.globalAvgPool().name("avgpool"), dropout);
        Node logits = y.dense(classes).weightInit(Initializer.gaussian(0.01)).name("fc").flatten().name("logits");
        if (aux) {
            g.output(logits, aux1, aux2);
        } else {
            g.output(logits);
        }
        return g.build();
    }

    private static Node inception(Graph g, Node in, String name, int c1, int r3, int c3, int r5, int c5, int pool) {
        Node b1 = basic(in, c1, 1, 1, 0, name + ".branch1");
        Node b2 = basic(basic(in, r3, 1, 1, 0, name + ".branch2.0"), c3, 3, 1, 1, name + ".branch2.1");
        Node b3 = basic(basic(in, r5, 1, 1, 0, name + ".branch3.0"), c5, 3, 1, 1, name + ".branch3.1");
        Node b4 = basic(in.maxPool(3, 1).pad(1).ceilMode(true).name(name + ".branch4.0"), pool, 1, 1, 0, name + ".branch4.1");
        return g.concat(b1, b2, b3, b4).name(name);
    }

    private static Node auxHead(Graph g, Node in, int classes, double dropout, String name) {
        Node y = g.adaptiveAvgPool(in, 4, 4).name(name + ".pool");
        y = basic(y, 128, 1, 1, 0, name + ".conv");
        y = y.dense(1024).weightInit(Initializer.gaussian(0.01)).name(name + ".fc1").relu();
        return AlexNet.drop(y, dropout).dense(classes).weightInit(Initializer.gaussian(0.01)).name(name + ".fc2")
                .flatten().name(name);
    }

    /** torchvision's BasicConv2d: convolution without bias ({@code NAME.conv}), batch norm ({@code NAME.bn}), ReLU. */
    private static Node basic(Node in, int channels, int kernel, int stride, int pad, String name) {
        return in.conv2d(channels, kernel).stride(stride).pad(pad).bias(false).weightInit(Initializer.heNormal())
                .name(name + ".conv").batchNorm().name(name + ".bn").relu();
    }
}
