package org.lamina.spi;

import java.util.Map;
import org.lamina.graph.Network;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A named network architecture (LeNet-5, ResNet-18, ...). Implementations are found through
 * {@link java.util.ServiceLoader} on a class path and as services in an OSGi container.
 */
@ConsumerType
public interface Architecture extends Plugin {

    /** The name users type, e.g. {@code lenet5}; lower case. */
    String name();

    /**
     * Builds the network for examples of {@code inputShape} ({@code [C, H, W]}) and {@code classes}
     * classes. Its input is named {@code image}; its single output is the logits {@code [N, classes]}
     * (its node name is the architecture's choice: torchvision's names, such as {@code fc}, keep
     * checkpoints loadable by PyTorch).
     *
     * @throws IllegalArgumentException when the architecture cannot take that input (too small, say)
     */
    Network build(int[] inputShape, int classes, Options options);

    /**
     * What the network's first output is trained for unless the user says otherwise: {@code classify}
     * (logits {@code [N, classes]} against class labels), {@code segment} (logits per pixel
     * {@code [N, classes, H, W]}) or {@code reconstruct} (an output of the input's shape).
     */
    default String task() {
        return "classify";
    }

    /**
     * The training weight of the loss of each output after the first, by output name: GoogLeNet's
     * auxiliary classifiers count 0.3 each. An output not named here is not trained. Evaluation and
     * inference read the first output only.
     */
    default Map<String, Double> auxiliaryLossWeights() {
        return Map.of();
    }
}
