package org.lamina.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.lamina.backend.Backend;
import org.lamina.geometry.ConvGeometry;
import org.lamina.graph.Layer;
import org.lamina.graph.Network;
import org.lamina.graph.ParamSpec;
import org.lamina.layers.ActivationLayer;
import org.lamina.layers.Conv2dLayer;
import org.lamina.layers.DenseLayer;
import org.lamina.layers.Fused;
import org.lamina.layers.PoolLayer;

/**
 * What a training's first step will build, read from the network, so that the backend builds it all
 * at once and in parallel ({@link Backend#prepare}) before the step instead of one program after
 * another as the step reaches them. Only what is certain to be used is listed: each convolution's
 * passes (by its geometry at the training's batch size), the activation, pooling and dense families,
 * the loss and the optimizer. Anything else (another layer type, a plugin's layer, a last batch of
 * another size) is still built on its first use, so a network never builds a program it does not use.
 */
final class FirstStep {
    private FirstStep() {
    }

    /** The uses of a training step of {@code net} on batches of {@code batch} images. */
    static List<Consumer<Backend>> uses(Network net, int batch) {
        // one use per family (a convolution per geometry), in the order the step meets them
        Map<Object, Consumer<Backend>> uses = new LinkedHashMap<>();
        for (Network.NodeInfo n : net.nodes()) {
            Layer layer = n.layer();
            if (layer instanceof Fused f) {
                uses.put("activations", b -> b.activations());
                layer = f.base();
            }
            if (layer instanceof Conv2dLayer c && n.inputs().size() == 1) {
                ConvGeometry g = geometry(net, n, c, batch);
                if (g != null) {
                    uses.put(g, b -> b.convolution().prepare(g));
                }
            } else if (layer instanceof ActivationLayer) {
                uses.put("activations", b -> b.activations());
            } else if (layer instanceof PoolLayer) {
                uses.put("pooling", b -> b.pooling());
            } else if (layer instanceof DenseLayer) {
                uses.put("dense", b -> b.dense());
            }
        }
        uses.put("losses", b -> b.losses());
        uses.put("optimizers", b -> b.optimizers());
        return new ArrayList<>(uses.values());
    }

    /** The forward geometry of convolution node {@code n}, or null when its shapes are not as expected. */
    private static ConvGeometry geometry(Network net, Network.NodeInfo n, Conv2dLayer c, int batch) {
        int[] in = net.node(n.inputs().get(0)).shape();
        int[] weight = n.params().stream().filter(p -> p.name().equals("weight")).map(ParamSpec::shape).findFirst()
                .orElse(null);
        if (in.length != 3 || weight == null) {
            return null;
        }
        int[] x = {batch, in[0], in[1], in[2]};
        try {
            return c.isTransposed() ? ConvGeometry.transposed(c.type(), x, weight, c.params())
                    : ConvGeometry.forward(c.type(), x, weight, c.params());
        } catch (IllegalArgumentException e) {
            return null; // the step itself will report the shapes
        }
    }
}
