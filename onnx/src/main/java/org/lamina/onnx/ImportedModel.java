package org.lamina.onnx;

import java.util.Map;
import org.lamina.backend.Backend;
import org.lamina.checkpoint.SafeTensors;
import org.lamina.exec.Model;
import org.lamina.graph.Network;

/**
 * An ONNX model as a Lamina network with its weights, under PyTorch-style names
 * ({@code features.0.weight}).
 *
 * @param network the network, shapes inferred
 * @param weights every parameter and batch-norm statistic of the network
 * @param inputShape the shape of one example, {@code [C, H, W]} or {@code [F]}
 */
public record ImportedModel(Network network, Map<String, SafeTensors.Entry> weights, int[] inputShape) {

    /** The number of values per example of the first output (the classes of a classifier). */
    public int outputSize() {
        return (int) network.node(network.outputs().get(0)).size();
    }

    /** A model on {@code backend} holding the imported weights; the caller closes it. */
    public Model model(Backend backend) {
        Model m = new Model(network, backend, 0);
        try {
            m.load(weights, "ONNX model " + network.name());
        } catch (RuntimeException e) {
            m.close();
            throw e;
        }
        return m;
    }
}
