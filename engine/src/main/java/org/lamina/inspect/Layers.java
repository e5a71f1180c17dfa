package org.lamina.inspect;

import java.util.Arrays;
import java.util.List;
import org.lamina.graph.Network;

/** Finding the layer and unit a user names, with errors that list what there is. */
public final class Layers {
    private Layers() {
    }

    /** The names of the network's layers (every node but its inputs), in order. */
    public static List<String> names(Network net) {
        return net.nodes().stream().filter(n -> !n.isInput()).map(Network.NodeInfo::name).toList();
    }

    /**
     * @throws IllegalArgumentException naming the layer and listing the network's layers when there is none of that name
     */
    public static Network.NodeInfo layer(Network net, String name) {
        for (Network.NodeInfo n : net.nodes()) {
            if (!n.isInput() && n.name().equals(name)) {
                return n;
            }
        }
        throw new IllegalArgumentException("--layer: " + net.name() + " has no layer '" + name + "'; its layers are "
                + String.join(", ", names(net)));
    }

    /**
     * A layer whose output has channels and positions ({@code [C, H, W]}), as feature maps and units need.
     *
     * @throws IllegalArgumentException when the layer is unknown or its output is not {@code [C, H, W]}
     */
    public static Network.NodeInfo spatial(Network net, String name) {
        Network.NodeInfo n = layer(net, name);
        if (n.shape().length != 3) {
            throw new IllegalArgumentException("--layer: " + name + " (" + n.layer().type() + ") has output "
                    + Arrays.toString(n.shape()) + ", not channels x height x width; the layers with"
                    + " feature maps are " + String.join(", ", spatialNames(net)));
        }
        return n;
    }

    /** The layers whose outputs are {@code [C, H, W]}. */
    public static List<String> spatialNames(Network net) {
        return net.nodes().stream().filter(n -> !n.isInput() && n.shape().length == 3).map(Network.NodeInfo::name)
                .toList();
    }

    /**
     * @throws IllegalArgumentException when {@code channel} is not one of the layer's channels
     */
    public static void requireChannel(Network.NodeInfo n, int channel) {
        int channels = n.shape()[0];
        if (channel < 0 || channel >= channels) {
            throw new IllegalArgumentException("--unit: " + n.name() + " has channels 0 to " + (channels - 1)
                    + "; " + channel + " is not one of them");
        }
    }
}
