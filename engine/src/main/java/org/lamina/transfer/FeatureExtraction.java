package org.lamina.transfer;

import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import org.lamina.data.Batch;
import org.lamina.data.DataLoader;
import org.lamina.exec.Executor;
import org.lamina.exec.Pass;
import org.lamina.graph.Network;
import org.lamina.inspect.Layers;
import org.lamina.tensor.Tensor;

/**
 * The activations of one layer for every example of a dataset, in inference mode (dropout off, batch
 * norms on their running statistics), written to a {@link FeatureFile} with the labels: the features
 * a linear classifier or a nearest-neighbour search of one's own works on.
 */
public final class FeatureExtraction {
    private FeatureExtraction() {
    }

    /**
     * Runs every batch of {@code data} (in order; give a loader without shuffling or augmentation) through
     * {@code exec}'s model and writes {@code layer}'s activations to {@code out}.
     *
     * @return the shape of the features per example
     * @throws IllegalArgumentException naming the layer and listing the network's layers when it has none
     *     of that name, or naming the file when its name is of neither format
     */
    public static int[] extract(Executor exec, DataLoader data, String layer, Path out, Map<String, String> metadata) {
        Network net = exec.model().network();
        Network.NodeInfo node = Layers.layer(net, layer);
        int count = data.dataset().count();
        String input = net.inputs().get(0);
        FeatureFile.write(out, count, node.shape(), metadata, writer -> {
            Iterator<Batch> it = data.epoch(0);
            while (it.hasNext()) {
                Batch b = it.next();
                float[] values;
                try (Tensor x = exec.backend().tensor(b.images(), b.shape());
                        Pass pass = exec.inspect(Map.of(input, x), Set.of(layer))) {
                    values = (net.outputs().contains(layer) ? pass.output(layer) : pass.activation(layer)).toArray();
                }
                writer.append(values, b.labels(), b.size());
            }
        });
        return node.shape();
    }
}
