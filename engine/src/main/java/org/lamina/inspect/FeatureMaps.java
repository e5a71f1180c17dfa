package org.lamina.inspect;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.lamina.exec.Executor;
import org.lamina.exec.Pass;
import org.lamina.graph.Network;
import org.lamina.tensor.Tensor;
import org.lamina.visual.Images;

/**
 * The activation of one layer for one input, in inference mode, as a grid of grey maps, one per
 * channel. All maps share the layer's range, so a channel that stays silent looks dark instead of
 * being stretched into noise.
 *
 * @param layer the layer
 * @param channels maps
 * @param height rows of a map
 * @param width columns of a map
 * @param values {@code [channels, height, width]}
 */
public record FeatureMaps(String layer, int channels, int height, int width, float[] values) {

    /**
     * The maps of {@code layer} for {@code input}, a batch of one ({@code [1, C, H, W]}, normalized as
     * the model was trained) on the executor's backend.
     *
     * @throws IllegalArgumentException when the layer is unknown or has no maps
     */
    public static FeatureMaps of(Executor exec, Tensor input, String layer) {
        Network net = exec.model().network();
        Network.NodeInfo n = Layers.spatial(net, layer);
        if (input.dims()[0] != 1) {
            throw new IllegalArgumentException("feature maps are drawn for one input, not a batch of " + input.dims()[0]);
        }
        float[] values;
        try (Pass pass = exec.inspect(Map.of(net.inputs().get(0), input), Set.of(layer))) {
            values = pass.activation(layer).toArray();
        }
        return new FeatureMaps(layer, n.shape()[0], n.shape()[1], n.shape()[2], values);
    }

    /** The map of one channel. */
    public float[] map(int channel) {
        int plane = height * width;
        return Arrays.copyOfRange(values, channel * plane, (channel + 1) * plane);
    }

    /** The maps in a grid of about square shape, each value a {@code scale x scale} block. */
    public BufferedImage image(int scale, int pad) {
        float lo = Float.POSITIVE_INFINITY, hi = Float.NEGATIVE_INFINITY;
        for (float v : values) {
            if (Float.isFinite(v)) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        List<BufferedImage> tiles = new ArrayList<>();
        for (int c = 0; c < channels; c++) {
            tiles.add(Images.fromChw(values, c * height * width, 1, height, width, lo, hi));
        }
        return Images.grid(tiles, (int) Math.ceil(Math.sqrt(channels)), scale, pad);
    }
}
