package org.lamina.visual;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Image;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.lamina.io.AtomicFiles;

/**
 * Pictures of tensors, shared by every visualization: a CHW array as an image, a map as a heat map
 * over its input, tiles in a grid, a caption, and a PNG written atomically.
 */
public final class Images {
    static {
        System.setProperty("java.awt.headless", "true");
    }

    private Images() {
    }

    /**
     * A {@code c x h x w} array (c = 1 grey, c = 3 RGB) as an image, values mapped linearly from
     * [min, max] of the array to [0, 255]; a constant array is mid-grey.
     */
    public static BufferedImage fromChw(float[] chw, int offset, int c, int h, int w) {
        requireShape(chw, offset, c, h, w);
        float lo = Float.POSITIVE_INFINITY, hi = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < c * h * w; i++) {
            float v = chw[offset + i];
            if (Float.isFinite(v)) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        return fromChw(chw, offset, c, h, w, lo, hi);
    }

    /** As {@link #fromChw(float[], int, int, int, int)} with the range given; values outside it are clamped. */
    public static BufferedImage fromChw(float[] chw, int offset, int c, int h, int w, float lo, float hi) {
        requireShape(chw, offset, c, h, w);
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        float scale = hi > lo ? 255f / (hi - lo) : 0f;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int r, g, b;
                if (c == 1) {
                    r = g = b = level(chw[offset + y * w + x], lo, scale);
                } else {
                    r = level(chw[offset + y * w + x], lo, scale);
                    g = level(chw[offset + (h + y) * w + x], lo, scale);
                    b = level(chw[offset + (2 * h + y) * w + x], lo, scale);
                }
                img.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        return img;
    }

    /** An {@code h x w} map as colours (dark blue for its minimum through green to red for its maximum). */
    public static BufferedImage heatmap(float[] map, int h, int w) {
        requireShape(map, 0, 1, h, w);
        float lo = Float.POSITIVE_INFINITY, hi = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < h * w; i++) {
            if (Float.isFinite(map[i])) {
                lo = Math.min(lo, map[i]);
                hi = Math.max(hi, map[i]);
            }
        }
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                float t = hi > lo && Float.isFinite(map[y * w + x]) ? (map[y * w + x] - lo) / (hi - lo) : 0f;
                img.setRGB(x, y, jet(t));
            }
        }
        return img;
    }

    /** {@code heat} scaled to {@code base}'s size and blended over it with weight {@code alpha} in [0, 1]. */
    public static BufferedImage overlay(BufferedImage base, BufferedImage heat, double alpha) {
        if (!(alpha >= 0 && alpha <= 1)) {
            throw new IllegalArgumentException("overlay alpha is " + alpha + "; it must lie in [0, 1]");
        }
        BufferedImage scaled = resize(heat, base.getWidth(), base.getHeight());
        BufferedImage out = new BufferedImage(base.getWidth(), base.getHeight(), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < base.getHeight(); y++) {
            for (int x = 0; x < base.getWidth(); x++) {
                int a = base.getRGB(x, y), b = scaled.getRGB(x, y);
                int rgb = 0;
                for (int shift = 16; shift >= 0; shift -= 8) {
                    double v = (1 - alpha) * ((a >> shift) & 0xff) + alpha * ((b >> shift) & 0xff);
                    rgb |= ((int) Math.round(v)) << shift;
                }
                out.setRGB(x, y, rgb);
            }
        }
        return out;
    }

    /** {@code src} resized to {@code w x h}: nearest neighbour, so that each input pixel stays visible as a block. */
    public static BufferedImage resize(BufferedImage src, int w, int h) {
        if (w < 1 || h < 1) {
            throw new IllegalArgumentException("image size " + w + " x " + h + " must be at least 1 x 1");
        }
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
        g.drawImage(src, 0, 0, w, h, null);
        g.dispose();
        return out;
    }

    /**
     * Tiles of one size in a grid of {@code columns} columns, each enlarged {@code scale} times, with a
     * {@code pad}-pixel white border between them.
     */
    public static BufferedImage grid(List<BufferedImage> tiles, int columns, int scale, int pad) {
        if (tiles.isEmpty() || columns < 1 || scale < 1 || pad < 0) {
            throw new IllegalArgumentException("a grid needs tiles, columns >= 1, scale >= 1 and pad >= 0 (got "
                    + tiles.size() + " tiles, " + columns + " columns, scale " + scale + ", pad " + pad + ")");
        }
        int tw = tiles.get(0).getWidth() * scale, th = tiles.get(0).getHeight() * scale;
        int cols = Math.min(columns, tiles.size()), rows = (tiles.size() + cols - 1) / cols;
        BufferedImage out = new BufferedImage(cols * tw + (cols + 1) * pad, rows * th + (rows + 1) * pad,
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
        for (int i = 0; i < tiles.size(); i++) {
            int x = pad + (i % cols) * (tw + pad), y = pad + (i / cols) * (th + pad);
            g.drawImage(tiles.get(i), x, y, tw, th, null);
        }
        g.dispose();
        return out;
    }

    /** {@code img} with a white strip below it carrying {@code text}. */
    public static BufferedImage captioned(BufferedImage img, String text) {
        Font font = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
        int strip = 18;
        BufferedImage out = new BufferedImage(Math.max(img.getWidth(), 8 * text.length()), img.getHeight() + strip,
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        g.drawImage(img, 0, 0, null);
        g.setColor(Color.BLACK);
        g.setFont(font);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.drawString(text, 2, img.getHeight() + strip - 5);
        g.dispose();
        return out;
    }

    /** Tiles side by side, top-aligned, with a white gap of {@code pad} pixels. */
    public static BufferedImage row(List<BufferedImage> tiles, int pad) {
        int w = pad, h = 0;
        for (BufferedImage t : tiles) {
            w += t.getWidth() + pad;
            h = Math.max(h, t.getHeight());
        }
        BufferedImage out = new BufferedImage(w, h + 2 * pad, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        int x = pad;
        for (BufferedImage t : tiles) {
            g.drawImage(t, x, pad, null);
            x += t.getWidth() + pad;
        }
        g.dispose();
        return out;
    }

    /** Tiles one below the other, left-aligned, with a white gap of {@code pad} pixels (rows of a figure). */
    public static BufferedImage column(List<BufferedImage> tiles, int pad) {
        if (tiles.isEmpty() || pad < 0) {
            throw new IllegalArgumentException("a column needs tiles and pad >= 0 (got " + tiles.size() + " tiles, pad "
                    + pad + ")");
        }
        int w = 0, h = pad;
        for (BufferedImage t : tiles) {
            w = Math.max(w, t.getWidth());
            h += t.getHeight() + pad;
        }
        BufferedImage out = new BufferedImage(w + 2 * pad, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        int y = pad;
        for (BufferedImage t : tiles) {
            g.drawImage(t, pad, y, null);
            y += t.getHeight() + pad;
        }
        g.dispose();
        return out;
    }

    /**
     * {@code src} resized to {@code h x w} (area averaging when shrinking) as a CHW array of values in
     * [0, 1]: grey (luma) for one channel, RGB for three; the inverse of {@link #fromChw} with range [0, 1].
     */
    public static float[] toChw(BufferedImage src, int channels, int h, int w) {
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("images have 1 (grey) or 3 (RGB) channels, not " + channels);
        }
        if (w < 1 || h < 1) {
            throw new IllegalArgumentException("image size " + w + " x " + h + " must be at least 1 x 1");
        }
        BufferedImage scaled = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = scaled.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.drawImage(src.getScaledInstance(w, h, Image.SCALE_AREA_AVERAGING), 0, 0, null);
        g.dispose();
        float[] out = new float[channels * h * w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = scaled.getRGB(x, y);
                float r = ((rgb >> 16) & 0xff) / 255f, gr = ((rgb >> 8) & 0xff) / 255f, b = (rgb & 0xff) / 255f;
                if (channels == 1) {
                    out[y * w + x] = 0.299f * r + 0.587f * gr + 0.114f * b;
                } else {
                    out[y * w + x] = r;
                    out[(h + y) * w + x] = gr;
                    out[(2 * h + y) * w + x] = b;
                }
            }
        }
        return out;
    }

    /** The PNG encoding of {@code img}. */
    public static byte[] png(BufferedImage img) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(img, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // writing to memory fails only without a PNG writer
        }
    }

    /** Writes {@code img} to {@code file} as PNG, atomically (a reader never sees half a file). */
    public static void writePng(BufferedImage img, Path file) throws IOException {
        AtomicFiles.write(file, png(img));
    }

    private static int level(float v, float lo, float scale) {
        if (!Float.isFinite(v)) {
            return 0;
        }
        return Math.max(0, Math.min(255, Math.round((v - lo) * scale)));
    }

    /** The classic jet colour map, t in [0, 1]. */
    private static int jet(float t) {
        float r = clamp(1.5f - Math.abs(4 * t - 3)), g = clamp(1.5f - Math.abs(4 * t - 2)),
                b = clamp(1.5f - Math.abs(4 * t - 1));
        return (Math.round(r * 255) << 16) | (Math.round(g * 255) << 8) | Math.round(b * 255);
    }

    private static float clamp(float v) {
        return Math.max(0f, Math.min(1f, v));
    }

    private static void requireShape(float[] data, int offset, int c, int h, int w) {
        if ((c != 1 && c != 3) || h < 1 || w < 1 || offset < 0 || (long) offset + (long) c * h * w > data.length) {
            throw new IllegalArgumentException("an image needs 1 or 3 channels and h, w >= 1 within the array (got "
                    + c + " x " + h + " x " + w + " at offset " + offset + " of " + data.length + " values)");
        }
    }
}
