package org.lamina.inspect;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import org.lamina.data.ImageDataset;
import org.lamina.data.Normalization;
import org.lamina.exec.Executor;
import org.lamina.exec.Pass;
import org.lamina.graph.Network;
import org.lamina.graph.ReceptiveField;
import org.lamina.tensor.Tensor;
import org.lamina.visual.Images;

/**
 * The dataset patches that excite one unit (a layer's channel) most, after Zeiler and Fergus
 * (2014): each image counts with its strongest position, the {@code k} strongest images are kept,
 * and each is cropped to the receptive field of that position ({@link ReceptiveField}, the field
 * {@code lamina summary} prints). A unit of a dense layer sees the whole image.
 *
 * @param layer the unit's layer
 * @param channel the unit's channel
 * @param field the receptive field of the layer's outputs
 * @param patches the strongest first
 */
public record TopPatches(String layer, int channel, ReceptiveField field, List<Patch> patches) {

    /**
     * One image's strongest response and its crop.
     *
     * @param image index in the dataset
     * @param label its class
     * @param y row of the strongest position in the layer's output
     * @param x column likewise
     * @param value the unit's activation there
     * @param top first input row of the field (negative where it reaches into padding)
     * @param left first input column
     * @param rows rows of the field
     * @param columns columns of the field
     * @param pixels the field's pixels, {@code [channels, rows, columns]} in [0, 1] as read from the dataset,
     *     NaN where the field lies outside the image
     */
    public record Patch(int image, int label, int y, int x, float value, int top, int left, int rows, int columns,
            float[] pixels) {
    }

    /**
     * Runs the first {@code data.count()} images in batches of {@code batch} and keeps the {@code k}
     * whose strongest response of {@code layer}'s {@code channel} is highest.
     *
     * @throws IllegalArgumentException for an unknown layer, a channel out of range, k below 1, or
     *     images that are not the network's input
     */
    public static TopPatches find(Executor exec, ImageDataset data, Normalization norm, String layer, int channel,
            int k, int batch) {
        Network net = exec.model().network();
        Network.NodeInfo n = Layers.layer(net, layer);
        int[] s = n.shape();
        if (s.length != 3 && s.length != 1) {
            throw new IllegalArgumentException("--layer: " + layer + " has output " + Arrays.toString(s)
                    + ", neither channels nor channels x height x width");
        }
        Layers.requireChannel(n, channel);
        if (k < 1) {
            throw new IllegalArgumentException("--top: " + k + " is not a number of patches (give 1 or more)");
        }
        int[] in = net.node(net.inputs().get(0)).shape();
        if (in[0] != data.channels() || in[1] != data.height() || in[2] != data.width()) {
            throw new IllegalArgumentException(data.name() + " holds " + data.channels() + "x" + data.height() + "x"
                    + data.width() + " images; " + net.name() + " takes " + in[0] + "x" + in[1] + "x" + in[2]);
        }
        int h = s.length == 3 ? s[1] : 1, w = s.length == 3 ? s[2] : 1, plane = h * w;
        // the k best so far, weakest on top; ties keep the earlier image
        Comparator<float[]> weakestFirst = Comparator.<float[]>comparingDouble(e -> e[1])
                .thenComparingDouble(e -> -e[0]);
        PriorityQueue<float[]> best = new PriorityQueue<>(weakestFirst); // {image, value, position}
        int size = data.imageSize();
        for (int from = 0; from < data.count(); from += batch) {
            int count = Math.min(batch, data.count() - from);
            float[] x = normalized(data, norm, from, count);
            float[] act;
            try (Tensor t = exec.backend().tensor(x, count, in[0], in[1], in[2]);
                    Pass pass = exec.inspect(Map.of(net.inputs().get(0), t), Set.of(layer))) {
                act = pass.activation(layer).toArray();
            }
            for (int b = 0; b < count; b++) {
                int base = (b * s[0] + channel) * plane, arg = 0;
                for (int p = 1; p < plane; p++) {
                    if (act[base + p] > act[base + arg]) {
                        arg = p;
                    }
                }
                best.add(new float[] {from + b, act[base + arg], arg});
                if (best.size() > k) {
                    best.poll();
                }
            }
        }
        ReceptiveField field = ReceptiveField.of(net).get(layer);
        List<float[]> order = new ArrayList<>(best);
        order.sort(weakestFirst.reversed());
        List<Patch> patches = new ArrayList<>();
        for (float[] e : order) {
            int image = (int) e[0], pos = (int) e[2], y = pos / w, xx = pos % w;
            int top = field.global() ? 0 : field.top(y), left = field.global() ? 0 : field.left(xx);
            int rows = field.global() ? data.height() : field.rows(), cols = field.global() ? data.width()
                    : field.columns();
            patches.add(new Patch(image, data.label(image), y, xx, e[1], top, left, rows, cols,
                    crop(data, image, top, left, rows, cols)));
        }
        return new TopPatches(layer, channel, field, List.copyOf(patches));
    }

    /** Images {@code from .. from + count - 1} as the network's input: scaled to [0, 1], then normalized. */
    static float[] normalized(ImageDataset data, Normalization norm, int from, int count) {
        int size = data.imageSize(), plane = data.height() * data.width();
        float[] x = new float[count * size];
        for (int i = 0; i < count * size; i++) {
            int c = (i % size) / plane;
            x[i] = ((data.pixels()[from * size + i] & 0xff) / 255f - norm.mean()[c]) / norm.std()[c];
        }
        return x;
    }

    /** The pixels of rows {@code top ..} and columns {@code left ..} of an image, NaN outside it. */
    static float[] crop(ImageDataset data, int image, int top, int left, int rows, int cols) {
        int c = data.channels(), h = data.height(), w = data.width();
        float[] out = new float[c * rows * cols];
        for (int ch = 0; ch < c; ch++) {
            for (int r = 0; r < rows; r++) {
                for (int q = 0; q < cols; q++) {
                    int y = top + r, x = left + q;
                    out[(ch * rows + r) * cols + q] = y < 0 || y >= h || x < 0 || x >= w ? Float.NaN
                            : (data.pixels()[((image * c + ch) * h + y) * w + x] & 0xff) / 255f;
                }
            }
        }
        return out;
    }

    /**
     * The patches side by side, strongest first, each enlarged {@code scale} times and captioned with
     * its image's index and class and the unit's value; the part of a field outside its image is black.
     */
    public BufferedImage image(List<String> classNames, int scale) {
        List<BufferedImage> tiles = new ArrayList<>();
        for (Patch p : patches) {
            int c = p.pixels().length / (p.rows() * p.columns());
            BufferedImage tile = Images.fromChw(p.pixels(), 0, c, p.rows(), p.columns(), 0f, 1f);
            tile = Images.resize(tile, p.columns() * scale, p.rows() * scale);
            String name = p.label() < classNames.size() ? classNames.get(p.label()) : Integer.toString(p.label());
            tiles.add(Images.captioned(tile, String.format("#%d %s %.2f", p.image(), name, p.value())));
        }
        return Images.captioned(Images.row(tiles, 4), layer + " channel " + channel + ": top " + patches.size()
                + " of the dataset");
    }
}
