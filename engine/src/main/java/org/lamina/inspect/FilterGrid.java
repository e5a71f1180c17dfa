package org.lamina.inspect;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.lamina.exec.Model;
import org.lamina.graph.Network;
import org.lamina.graph.ParamSpec;
import org.lamina.visual.Images;

/**
 * A convolution's filters as pictures: one RGB tile per filter when it reads three channels, else one
 * grey tile per filter and input channel (a row per filter). Every tile shares one symmetric range,
 * {@code [-max|w|, max|w|]}, so mid-grey is zero and tiles compare with each other.
 *
 * @param layer the convolution
 * @param filters output channels (rows of the grid when tiles are grey)
 * @param channels input channels per filter
 * @param kernelH rows of a filter
 * @param kernelW columns of a filter
 * @param weights the layer's weights, {@code [filters, channels, kernelH, kernelW]}
 * @param range the largest magnitude among them
 */
public record FilterGrid(String layer, int filters, int channels, int kernelH, int kernelW, float[] weights,
        float range) {

    /** The filters of the network's first convolution. */
    public static FilterGrid first(Model model) {
        Network net = model.network();
        for (Network.NodeInfo n : net.nodes()) {
            if (weight(n) != null) {
                return of(model, n.name());
            }
        }
        throw new IllegalArgumentException(net.name() + " has no convolution whose filters could be shown");
    }

    /**
     * The filters of convolution {@code layer}.
     *
     * @throws IllegalArgumentException when the layer is unknown or not a convolution, listing the convolutions
     */
    public static FilterGrid of(Model model, String layer) {
        Network net = model.network();
        Network.NodeInfo n = Layers.layer(net, layer);
        ParamSpec w = weight(n);
        if (w == null) {
            List<String> convs = net.nodes().stream().filter(m -> weight(m) != null).map(Network.NodeInfo::name)
                    .toList();
            throw new IllegalArgumentException("--layer: " + layer + " (" + n.layer().type() + ") has no filters;"
                    + " the convolutions are " + String.join(", ", convs));
        }
        return of(layer, model.param(n.paramName(w)).toArray(), w.shape());
    }

    /**
     * The filters of a convolution weight {@code values} of {@code shape} {@code [filters, channels,
     * kernelH, kernelW]} (a checkpoint's tensor, say), named {@code layer}.
     */
    public static FilterGrid of(String layer, float[] values, int[] shape) {
        if (shape.length != 4 || (long) shape[0] * shape[1] * shape[2] * shape[3] != values.length) {
            throw new IllegalArgumentException(layer + ": a weight of shape " + Arrays.toString(shape)
                    + " with " + values.length + " values is not [filters, channels, kernelH, kernelW]");
        }
        float range = 0;
        for (float v : values) {
            range = Math.max(range, Math.abs(v));
        }
        return new FilterGrid(layer, shape[0], shape[1], shape[2], shape[3], values, range);
    }

    /** A layer's 4-D weight (a convolution's filters), or null. */
    private static ParamSpec weight(Network.NodeInfo n) {
        if (n.isInput()) {
            return null;
        }
        for (ParamSpec p : n.params()) {
            if (p.name().equals("weight") && p.shape().length == 4 && p.trainable()) {
                return p;
            }
        }
        return null;
    }

    /** Whether each filter is one RGB tile (it reads three channels) rather than a row of grey ones. */
    public boolean colour() {
        return channels == 3;
    }

    /** The tiles in grid order, each before enlarging. */
    public List<BufferedImage> tiles() {
        List<BufferedImage> tiles = new ArrayList<>();
        int plane = kernelH * kernelW;
        for (int f = 0; f < filters; f++) {
            if (colour()) {
                tiles.add(Images.fromChw(weights, f * 3 * plane, 3, kernelH, kernelW, -range, range));
            } else {
                for (int c = 0; c < channels; c++) {
                    tiles.add(Images.fromChw(weights, (f * channels + c) * plane, 1, kernelH, kernelW, -range, range));
                }
            }
        }
        return tiles;
    }

    /** Columns of the grid: one per input channel (grey), or about a square (colour, or one channel). */
    public int columns() {
        if (colour() || channels == 1) {
            return (int) Math.ceil(Math.sqrt(filters));
        }
        return channels;
    }

    /** The grid, each weight a {@code scale x scale} block, tiles {@code pad} pixels apart. */
    public BufferedImage image(int scale, int pad) {
        return Images.grid(tiles(), columns(), scale, pad);
    }
}
