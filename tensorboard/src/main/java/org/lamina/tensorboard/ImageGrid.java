package org.lamina.tensorboard;

import java.awt.image.BufferedImage;
import org.lamina.data.ImageDataset;

/**
 * Pictures of what a network sees and learns, as grids of tiles: a convolution's filters, and
 * input samples. Tiles are enlarged (nearest neighbour) so that a 5x5 filter is visible, and
 * separated by a dark line.
 */
public final class ImageGrid {
    /** Filters beyond these counts are left out of the picture: it is a glance, not a dump. */
    static final int MAX_FILTERS = 64, MAX_INPUT_CHANNELS = 16;
    private static final int GAP = 1, BACKGROUND = 0x202020;

    private ImageGrid() {
    }

    /**
     * The filters of a convolution weight of shape {@code [out, in, kh, kw]}. Filters over three
     * input channels are drawn in colour, one tile each; otherwise each input channel of each filter
     * is a grey tile, a row per filter (a square grid when there is one input channel). One scale
     * for all: grey is zero, white and black the largest magnitude, so filters compare.
     */
    public static BufferedImage filters(float[] w, int[] shape) {
        if (shape.length != 4 || (long) shape[0] * shape[1] * shape[2] * shape[3] != w.length) {
            throw new IllegalArgumentException("filters: a weight of shape " + java.util.Arrays.toString(shape)
                    + " with " + w.length + " values is not [out, in, kh, kw]");
        }
        int out = Math.min(shape[0], MAX_FILTERS), in = shape[1], kh = shape[2], kw = shape[3];
        float max = 0;
        for (float v : w) {
            max = Math.max(max, Math.abs(v));
        }
        float scale = max > 0 && Float.isFinite(max) ? 127.5f / max : 0;
        int zoom = zoom(kh, kw, 48);
        boolean colour = in == 3;
        int shownIn = colour ? 1 : Math.min(in, MAX_INPUT_CHANNELS);
        int cols, rows;
        if (colour || in == 1) {
            cols = (int) Math.ceil(Math.sqrt(out));
            rows = (out + cols - 1) / cols;
        } else {
            cols = shownIn;
            rows = out;
        }
        BufferedImage img = canvas(cols, rows, kw * zoom, kh * zoom, colour);
        int plane = kh * kw;
        for (int o = 0; o < out; o++) {
            for (int c = 0; c < shownIn; c++) {
                int tile = colour || in == 1 ? o : o * cols + c;
                int x0 = GAP + (tile % cols) * (kw * zoom + GAP), y0 = GAP + (tile / cols) * (kh * zoom + GAP);
                for (int y = 0; y < kh; y++) {
                    for (int x = 0; x < kw; x++) {
                        int rgb;
                        if (colour) {
                            int base = o * 3 * plane + y * kw + x;
                            rgb = level(w[base], scale) << 16 | level(w[base + plane], scale) << 8
                                    | level(w[base + 2 * plane], scale);
                        } else {
                            int g = level(w[(o * in + c) * plane + y * kw + x], scale);
                            rgb = g << 16 | g << 8 | g;
                        }
                        fill(img, x0 + x * zoom, y0 + y * zoom, zoom, rgb);
                    }
                }
            }
        }
        return img;
    }

    /**
     * The first {@code n} images of {@code data} as they are stored (before normalization), in a
     * square grid: grey for one channel, colour for three, the first channel otherwise.
     */
    public static BufferedImage samples(ImageDataset data, int n) {
        n = Math.min(n, data.count());
        if (n < 1) {
            throw new IllegalArgumentException("samples: " + data.name() + " has no image to show");
        }
        int h = data.height(), w = data.width(), ch = data.channels(), size = data.imageSize();
        boolean colour = ch == 3;
        int zoom = zoom(h, w, 56);
        int cols = (int) Math.ceil(Math.sqrt(n)), rows = (n + cols - 1) / cols;
        BufferedImage img = canvas(cols, rows, w * zoom, h * zoom, colour);
        byte[] p = data.pixels();
        for (int i = 0; i < n; i++) {
            int x0 = GAP + (i % cols) * (w * zoom + GAP), y0 = GAP + (i / cols) * (h * zoom + GAP);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int at = i * size + y * w + x;
                    int r = p[at] & 0xff;
                    int rgb = colour ? r << 16 | (p[at + h * w] & 0xff) << 8 | p[at + 2 * h * w] & 0xff
                            : r << 16 | r << 8 | r;
                    fill(img, x0 + x * zoom, y0 + y * zoom, zoom, rgb);
                }
            }
        }
        return img;
    }

    /** How much to enlarge a tile so that its longer side is about {@code target} pixels. */
    private static int zoom(int h, int w, int target) {
        return Math.max(1, target / Math.max(h, w));
    }

    private static BufferedImage canvas(int cols, int rows, int tileW, int tileH, boolean colour) {
        BufferedImage img = new BufferedImage(GAP + cols * (tileW + GAP), GAP + rows * (tileH + GAP),
                colour ? BufferedImage.TYPE_INT_RGB : BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                set(img, x, y, BACKGROUND);
            }
        }
        return img;
    }

    private static int level(float v, float scale) {
        return Math.max(0, Math.min(255, Math.round(127.5f + v * scale)));
    }

    private static void fill(BufferedImage img, int x0, int y0, int zoom, int rgb) {
        for (int y = 0; y < zoom; y++) {
            for (int x = 0; x < zoom; x++) {
                set(img, x0 + x, y0 + y, rgb);
            }
        }
    }

    /** A pixel; grey ones straight into the raster, as setRGB would convert them to linear grey. */
    private static void set(BufferedImage img, int x, int y, int rgb) {
        if (img.getType() == BufferedImage.TYPE_BYTE_GRAY) {
            img.getRaster().setSample(x, y, 0, rgb & 0xff);
        } else {
            img.setRGB(x, y, rgb);
        }
    }
}
