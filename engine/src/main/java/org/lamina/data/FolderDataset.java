package org.lamina.data;

import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * One's own images, a folder per class: {@code ROOT/train/<class>/*.png|jpg} and optionally
 * {@code ROOT/test/<class>/...}, or the class folders directly in {@code ROOT} (no test set). Classes
 * are the training folders' names, sorted; images of any size are brought to one size (stretched,
 * or scaled and centre-cropped to keep their proportions) and to one channel count (grey or RGB).
 * Decoding is javax.imageio's (PNG, JPEG; BMP and GIF too).
 */
public final class FolderDataset {
    /** The most pixels an image may have (8K UHD is 33.2 million): a decoder allocates what the header claims. */
    static final long MAX_PIXELS = 1L << 25;
    /** Labels are bytes. */
    static final int MAX_CLASSES = 256;
    private static final List<String> EXTENSIONS = List.of(".png", ".jpg", ".jpeg", ".bmp", ".gif");

    /** How images are brought to {@link Options#height} x {@link Options#width}. */
    public enum Fit {
        /** Scaled to the size, proportions changed (as {@code lamina predict} scales its input). */
        STRETCH,
        /** Scaled so that the size fits inside, then the centre cut out (torchvision's Resize + CenterCrop). */
        CROP;

        public static Fit parse(String s) {
            return switch (s.strip().toLowerCase(Locale.ROOT)) {
                case "stretch" -> STRETCH;
                case "crop" -> CROP;
                default -> throw new IllegalArgumentException("image fit '" + s + "' is not stretch or crop");
            };
        }
    }

    /**
     * @param height rows of every image; 0: as the images come (they must then all be one size)
     * @param width columns; 0 with {@code height} 0
     * @param channels 1 (grey) or 3 (RGB) to convert every image to; 0: as they come (they must agree)
     * @param fit how images of another size are brought to {@code height x width}
     */
    public record Options(int height, int width, int channels, Fit fit) {
        /** Every image as it comes. */
        public static final Options AS_IS = new Options(0, 0, 0, Fit.STRETCH);

        public Options {
            if (height < 0 || width < 0 || (height == 0) != (width == 0)) {
                throw new IllegalArgumentException("image size " + height + "x" + width + " is not HxW of 1 or more");
            }
            if (channels != 0 && channels != 1 && channels != 3) {
                throw new IllegalArgumentException("channels " + channels + " is not 1 (grey) or 3 (RGB)");
            }
        }

        /** {@code 32x32} or {@code 32} (square). */
        public static int[] size(String text) {
            String[] p = text.strip().toLowerCase(Locale.ROOT).split("x", -1);
            try {
                int h = Integer.parseInt(p[0].strip()), w = p.length == 1 ? h : Integer.parseInt(p[1].strip());
                if (p.length <= 2 && h >= 1 && w >= 1) {
                    return new int[] {h, w};
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new IllegalArgumentException("image size '" + text + "' is not HxW (e.g. 32x32) or one side (32)");
        }
    }

    /**
     * Dense targets read from files beside the images: a folder of masks and/or a folder of target
     * images, each mirroring the dataset's folder ({@code MASKS/train/<class>/x.png} for
     * {@code ROOT/train/<class>/x.jpg}).
     *
     * @param masks the masks' folder, or null: one per image, a class index per pixel (see {@link #load})
     * @param maskClasses the classes of the masks; 0: one more than the largest class of the training masks
     * @param targets the target images' folder, or null: one per image, of its size
     */
    public record PixelFiles(Path masks, int maskClasses, Path targets) {
        /** No files: the images alone. */
        public static final PixelFiles NONE = new PixelFiles(null, 0, null);

        public PixelFiles {
            if (maskClasses < 0 || maskClasses > ImageDataset.IGNORE_MASK) {
                throw new IllegalArgumentException("mask classes " + maskClasses + " is not 1 to "
                        + ImageDataset.IGNORE_MASK + " (0: from the masks)");
            }
        }
    }

    /** The extensions a mask may have, in the order they are looked for: lossless ones only. */
    static final List<String> MASK_EXTENSIONS = List.of(".png", ".bmp", ".gif");

    /** One image file and its class. */
    private record Item(Path file, int label) {
    }

    /** A decoded image: its size, channels as stored (1 or 3), and values as bytes, CHW. */
    private record Decoded(Path file, int height, int width, int channels, byte[] pixels) {
    }

    private FolderDataset() {
    }

    /**
     * Reads the training images (the first {@code trainLimit}, taking the classes in turn) and the test
     * images (the first {@code testLimit}); the test set of the split is null when there is no
     * {@code test} folder. The normalization is measured on the training images.
     *
     * @throws IllegalArgumentException naming the folder or file: no class folders, an empty class,
     *     an unreadable image, images of several sizes or channel counts where none was asked for
     */
    public static Datasets.Split load(Path root, Options options, int trainLimit, int testLimit) {
        return load(root, options, PixelFiles.NONE, trainLimit, testLimit);
    }

    /**
     * {@link #load(Path, Options, int, int)} with a mask and/or a target image per image, read from
     * {@code files}' folders at the image's path relative to {@code root}: a mask is that path with the
     * extension {@code .png} (else {@code .bmp}, {@code .gif}), a target image the same file name (else
     * the same name with any image extension). Each is the size of its image as stored and is brought
     * to the images' size as the image is (the same stretch or crop): masks by the nearest pixel, target
     * images as images are. A mask's pixel is its stored value (a palette PNG's index): a class index
     * below {@code maskClasses}, or {@link ImageDataset#IGNORE_MASK} for a pixel that does not count.
     * Target images keep their own channel count, which must agree.
     *
     * @throws IllegalArgumentException naming the file and value: a missing mask or target, one of
     *     another size than its image, a class index not below the classes, a colour mask, an
     *     unreadable file
     */
    public static Datasets.Split load(Path root, Options options, PixelFiles files, int trainLimit, int testLimit) {
        if (!Files.isDirectory(root)) {
            throw new IllegalArgumentException("folder dataset " + root + (Files.exists(root) ? " is a file" : " does not"
                    + " exist") + "; give a folder of class folders (" + root + "/train/<class>/*.png)");
        }
        Path trainDir = root.resolve("train"), testDir = root.resolve("test");
        if (!Files.isDirectory(trainDir)) {
            if (Files.isDirectory(testDir)) {
                throw new IllegalArgumentException("folder dataset " + root + " has a test folder but no train folder");
            }
            trainDir = root; // the class folders themselves: one tree, no test set
            testDir = null;
        } else if (!Files.isDirectory(testDir)) {
            testDir = null;
        }
        List<String> classes = classFolders(trainDir);
        if (classes.isEmpty()) {
            throw new IllegalArgumentException("folder dataset: " + trainDir + " holds no class folders (" + trainDir
                    + "/<class>/*.png)");
        }
        if (classes.size() > MAX_CLASSES) {
            throw new IllegalArgumentException("folder dataset: " + trainDir + " holds " + classes.size()
                    + " class folders; Lamina's datasets take at most " + MAX_CLASSES);
        }
        String name = root.toAbsolutePath().normalize().getFileName() == null ? root.toString()
                : root.toAbsolutePath().normalize().getFileName().toString();
        List<Item> trainItems = items(trainDir, classes, true, trainLimit);
        Decoded[] trainImages = decode(trainItems);
        int[] shape = target(trainImages, options, null);
        ImageDataset train = dense(root, trainItems, trainImages, files, files.maskClasses(), shape, options,
                assemble(name + "/train", trainItems, trainImages, shape, options, classes));
        int maskClasses = files.maskClasses() > 0 || files.masks() == null ? files.maskClasses() : maskClasses(train);
        ImageDataset test = null;
        if (testDir != null) {
            for (String c : classFolders(testDir)) {
                if (!classes.contains(c)) {
                    throw new IllegalArgumentException("folder dataset: " + testDir.resolve(c) + " is a class the"
                            + " training folder " + trainDir + " does not have (classes: " + String.join(", ", classes)
                            + ")");
                }
            }
            List<Item> testItems = items(testDir, classes, false, testLimit);
            if (testItems.isEmpty()) {
                throw new IllegalArgumentException("folder dataset: " + testDir + " holds no images in class folders");
            }
            Decoded[] testImages = decode(testItems);
            target(testImages, options, shape);
            test = dense(root, testItems, testImages, files, maskClasses, shape, options,
                    assemble(name + "/test", testItems, testImages, shape, options, classes));
            if (train.hasTargets() && test.targetChannels() != train.targetChannels()) {
                throw new IllegalArgumentException("target images: the test ones, e.g. " + target(files.targets(),
                        root, testItems.get(0).file()) + ", have " + test.targetChannels() + " channels, the training"
                        + " ones " + train.targetChannels());
            }
        }
        return new Datasets.Split(train, test, Normalization.measure(train));
    }

    /** One more than the largest class of {@code data}'s masks (pixels that do not count left out); 0 without any. */
    public static int maskClasses(ImageDataset data) {
        int max = -1;
        if (data.hasMasks()) {
            for (byte b : data.masks()) {
                int v = b & 0xff;
                if (v != ImageDataset.IGNORE_MASK && v > max) {
                    max = v;
                }
            }
        }
        return max + 1;
    }

    /**
     * {@code data} with the masks and target images of {@code files}; masks checked against
     * {@code classes} (0: only against {@link ImageDataset#IGNORE_MASK}, the training set's classes are
     * counted from them).
     */
    private static ImageDataset dense(Path root, List<Item> items, Decoded[] images, PixelFiles files, int classes,
            int[] shape, Options o, ImageDataset data) {
        int h = shape[1], w = shape[2], plane = h * w;
        if (files.masks() != null) {
            byte[] masks = new byte[items.size() * plane];
            inOrder(items.size(), i -> {
                Path file = mask(files.masks(), root, items.get(i).file());
                byte[] one = maskValues(file, images[i], classes);
                int[] win = window(images[i].height(), images[i].width(), h, w, o.fit());
                System.arraycopy(nearest(one, images[i].width(), win, h, w), 0, masks, i * plane, plane);
            });
            data = data.withMasks(masks);
            if (maskClasses(data) == 0) {
                throw new IllegalArgumentException("masks in " + files.masks() + ": every pixel of the masks of "
                        + data.name() + " is " + ImageDataset.IGNORE_MASK + " (does not count); a mask's pixel is a"
                        + " class index");
            }
        }
        if (files.targets() != null) {
            Decoded[] targets = new Decoded[items.size()];
            inOrder(items.size(), i -> {
                Path file = target(files.targets(), root, items.get(i).file());
                Decoded t = decode(file, "target image");
                if (t.height() != images[i].height() || t.width() != images[i].width()) {
                    throw new IllegalArgumentException("target image " + file + " is " + t.height() + "x" + t.width()
                            + " but its image " + images[i].file() + " is " + images[i].height() + "x"
                            + images[i].width() + "; a target image is the size of its image");
                }
                targets[i] = t;
            });
            int tc = targets[0].channels();
            for (Decoded t : targets) {
                if (t.channels() != tc) {
                    throw new IllegalArgumentException("target images: " + targets[0].file() + " is " + kind(tc)
                            + " but " + t.file() + " is " + kind(t.channels()) + "; give target images of one kind");
                }
            }
            byte[] values = new byte[items.size() * tc * plane];
            IntStream.range(0, items.size()).parallel().forEach(i -> System.arraycopy(
                    convert(targets[i], tc, h, w, o.fit()), 0, values, i * tc * plane, tc * plane));
            data = data.withTargets(tc, values);
        }
        return data;
    }

    /** The mask of {@code image}: its path under {@code root} in {@code dir}, extension .png (else .bmp, .gif). */
    static Path mask(Path dir, Path root, Path image) {
        Path rel = root.relativize(image);
        String stem = stem(rel.getFileName().toString());
        Path folder = rel.getParent() == null ? dir : dir.resolve(rel.getParent().toString());
        for (String ext : MASK_EXTENSIONS) {
            Path p = folder.resolve(stem + ext);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        for (String ext : List.of(".jpg", ".jpeg")) {
            if (Files.isRegularFile(folder.resolve(stem + ext))) {
                throw new IllegalArgumentException("mask " + folder.resolve(stem + ext) + " of " + image + " is a JPEG,"
                        + " whose lossy compression changes class indices; save masks as PNG");
            }
        }
        throw new IllegalArgumentException("no mask for image " + image + ": looked for " + folder.resolve(stem
                + ".png") + " (or .bmp, .gif)");
    }

    /** The target image of {@code image}: the same name under {@code dir}, else the same stem with any image extension. */
    static Path target(Path dir, Path root, Path image) {
        Path rel = root.relativize(image);
        Path folder = rel.getParent() == null ? dir : dir.resolve(rel.getParent().toString());
        Path same = folder.resolve(rel.getFileName().toString());
        if (Files.isRegularFile(same)) {
            return same;
        }
        String stem = stem(rel.getFileName().toString());
        for (String ext : EXTENSIONS) {
            Path p = folder.resolve(stem + ext);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new IllegalArgumentException("no target image for image " + image + ": looked for " + same + " (or "
                + stem + " with " + String.join(", ", EXTENSIONS) + ")");
    }

    private static String stem(String name) {
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    /**
     * A mask's values as stored, {@code image}'s size, each a class below {@code classes} (when not 0)
     * or {@link ImageDataset#IGNORE_MASK}.
     */
    static byte[] maskValues(Path file, Decoded image, int classes) {
        BufferedImage m = read(file, "mask");
        Raster r = m.getRaster();
        if (r.getNumBands() != 1) {
            throw new IllegalArgumentException("mask " + file + " has " + r.getNumBands() + " channels; a mask holds"
                    + " one class index per pixel (a grey or palette PNG)");
        }
        int h = m.getHeight(), w = m.getWidth();
        if (h != image.height() || w != image.width()) {
            throw new IllegalArgumentException("mask " + file + " is " + h + "x" + w + " but its image " + image.file()
                    + " is " + image.height() + "x" + image.width() + "; a mask is the size of its image");
        }
        byte[] out = new byte[h * w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int v = r.getSample(x, y, 0);
                if (v != ImageDataset.IGNORE_MASK && (v > ImageDataset.IGNORE_MASK || classes > 0 && v >= classes)) {
                    throw new IllegalArgumentException("mask " + file + ": pixel (x " + x + ", y " + y + ") is class "
                            + v + ", not below the " + (classes > 0 ? classes : ImageDataset.IGNORE_MASK)
                            + " classes (" + ImageDataset.IGNORE_MASK + " marks a pixel that does not count"
                            + (classes > 0 ? "; --mask-classes sets the classes" : "") + ")");
                }
                out[y * w + x] = (byte) v;
            }
        }
        return out;
    }

    /**
     * The window {y0, x0, rows, columns} of an {@code sh x sw} image that {@link #convert} brings to
     * {@code h x w}: all of it, or with {@link Fit#CROP} the largest centred window of the target's proportions.
     */
    static int[] window(int sh, int sw, int h, int w, Fit fit) {
        int y0 = 0, x0 = 0;
        if (fit == Fit.CROP && (long) sw * h != (long) sh * w) {
            if ((long) sw * h > (long) sh * w) {
                int cw = (int) Math.max(1, Math.round((double) sh * w / h));
                x0 = (sw - cw) / 2;
                sw = cw;
            } else {
                int ch = (int) Math.max(1, Math.round((double) sw * h / w));
                y0 = (sh - ch) / 2;
                sh = ch;
            }
        }
        return new int[] {y0, x0, sh, sw};
    }

    /**
     * The window {@code win} of {@code src} (rows of {@code width}) brought to {@code h x w} by the nearest
     * pixel: output (y, x) takes the window's pixel under its centre (PIL's NEAREST, torch's nearest-exact).
     */
    static byte[] nearest(byte[] src, int width, int[] win, int h, int w) {
        byte[] out = new byte[h * w];
        for (int y = 0; y < h; y++) {
            int sy = win[0] + (int) Math.min(win[2] - 1, (long) (2 * y + 1) * win[2] / (2L * h));
            for (int x = 0; x < w; x++) {
                int sx = win[1] + (int) Math.min(win[3] - 1, (long) (2 * x + 1) * win[3] / (2L * w));
                out[y * w + x] = src[sy * width + sx];
            }
        }
        return out;
    }

    /**
     * Runs {@code each} for 0 to n-1 in parallel (decoding is the slow part and each file stands alone);
     * of several failures, the first file's is reported, so that a run names the same file every time.
     */
    private static void inOrder(int n, IntConsumer each) {
        RuntimeException[] failed = new RuntimeException[n];
        IntStream.range(0, n).parallel().forEach(i -> {
            try {
                each.accept(i);
            } catch (RuntimeException e) {
                failed[i] = e;
            }
        });
        for (RuntimeException e : failed) {
            if (e != null) {
                throw e;
            }
        }
    }

    /** The sub-folders of {@code dir}, sorted by name; hidden ones left out. */
    private static List<String> classFolders(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).filter(n -> !n.startsWith("."))
                    .sorted().toList();
        } catch (IOException e) {
            throw new IllegalArgumentException("folder dataset: cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * The image files of each class, sorted by name, taken a class at a time in turn (the first image of
     * each class, then the second, ...), so that a limit keeps every class.
     */
    private static List<Item> items(Path dir, List<String> classes, boolean everyClass, int limit) {
        List<List<Path>> perClass = new ArrayList<>();
        for (String c : classes) {
            Path folder = dir.resolve(c);
            List<Path> files = List.of();
            if (Files.isDirectory(folder)) {
                try (Stream<Path> s = Files.list(folder)) {
                    files = s.filter(p -> Files.isRegularFile(p) && isImage(p)).sorted().toList();
                } catch (IOException e) {
                    throw new IllegalArgumentException("folder dataset: cannot list " + folder + ": " + e.getMessage(), e);
                }
            }
            if (files.isEmpty() && everyClass) {
                throw new IllegalArgumentException("folder dataset: class folder " + folder + " holds no images (" + String
                        .join(", ", EXTENSIONS) + ")");
            }
            perClass.add(files);
        }
        List<Item> out = new ArrayList<>();
        for (int i = 0; out.size() < limit; i++) {
            boolean any = false;
            for (int c = 0; c < classes.size() && out.size() < limit; c++) {
                if (i < perClass.get(c).size()) {
                    out.add(new Item(perClass.get(c).get(i), c));
                    any = true;
                }
            }
            if (!any) {
                break;
            }
        }
        return out;
    }

    private static boolean isImage(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return !n.startsWith(".") && EXTENSIONS.stream().anyMatch(n::endsWith);
    }

    private static Decoded[] decode(List<Item> items) {
        Decoded[] out = new Decoded[items.size()];
        // decoding is the slow part and each file stands alone; any error names its file
        inOrder(items.size(), i -> out[i] = decode(items.get(i).file()));
        return out;
    }

    /**
     * The size and channel count every image is brought to: the options', or the images' own when they
     * all agree ({@code expected}: the training set's, which the test set must match).
     */
    private static int[] target(Decoded[] images, Options o, int[] expected) {
        int channels = o.channels(), h = o.height(), w = o.width();
        Decoded first = images[0];
        for (Decoded d : images) {
            if (channels == 0 && d.channels() != first.channels()) {
                throw new IllegalArgumentException("folder dataset: " + first.file() + " is " + kind(first.channels())
                        + " but " + d.file() + " is " + kind(d.channels()) + "; give --channels 1 or 3 to convert them");
            }
            if (h == 0 && (d.height() != first.height() || d.width() != first.width())) {
                throw new IllegalArgumentException("folder dataset: " + first.file() + " is " + first.height() + "x"
                        + first.width() + " but " + d.file() + " is " + d.height() + "x" + d.width()
                        + "; give --image-size HxW to bring them to one size");
            }
        }
        int[] shape = {channels != 0 ? channels : first.channels(), h != 0 ? h : first.height(),
            w != 0 ? w : first.width()};
        if (expected != null && !Arrays.equals(shape, expected)) {
            throw new IllegalArgumentException("folder dataset: the test images, e.g. " + first.file() + ", are "
                    + shape[0] + "x" + shape[1] + "x" + shape[2] + " but the training images are " + expected[0] + "x"
                    + expected[1] + "x" + expected[2] + "; give --image-size HxW and --channels to bring both to one");
        }
        return shape;
    }

    private static String kind(int channels) {
        return channels == 1 ? "grey (1 channel)" : "colour (" + channels + " channels)";
    }

    private static ImageDataset assemble(String name, List<Item> items, Decoded[] images, int[] shape, Options o,
            List<String> classes) {
        int c = shape[0], h = shape[1], w = shape[2];
        long total = (long) items.size() * c * h * w;
        if (total > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("folder dataset " + name + ": " + items.size() + " images of " + c + "x"
                    + h + "x" + w + " are " + total + " bytes, more than Lamina holds in memory at once; give a smaller"
                    + " --image-size or --limit");
        }
        byte[] pixels = new byte[(int) total], labels = new byte[items.size()];
        int size = c * h * w;
        IntStream.range(0, items.size()).parallel().forEach(i -> {
            byte[] one = convert(images[i], c, h, w, o.fit());
            System.arraycopy(one, 0, pixels, i * size, size);
        });
        for (int i = 0; i < items.size(); i++) {
            labels[i] = (byte) items.get(i).label();
        }
        return new ImageDataset(name, items.size(), c, h, w, pixels, labels, classes);
    }

    /** {@code d} as {@code c} channels of {@code h x w} bytes. */
    static byte[] convert(Decoded d, int c, int h, int w, Fit fit) {
        int plane = d.height() * d.width();
        float[] v = new float[d.channels() * plane];
        for (int i = 0; i < v.length; i++) {
            v[i] = d.pixels()[i] & 0xff;
        }
        if (c == 1 && d.channels() == 3) {
            v = ImageTransforms.gray(v, 3, d.height(), d.width());
        } else if (c == 3 && d.channels() == 1) {
            float[] rgb = new float[3 * plane];
            for (int k = 0; k < 3; k++) {
                System.arraycopy(v, 0, rgb, k * plane, plane);
            }
            v = rgb;
        }
        int[] win = window(d.height(), d.width(), h, w, fit);
        int y0 = win[0], x0 = win[1], sh = win[2], sw = win[3];
        float[] out = Resampling.resize(v, c, d.height(), d.width(), y0, x0, sh, sw, h, w);
        byte[] b = new byte[out.length];
        for (int i = 0; i < out.length; i++) {
            b[i] = (byte) Math.max(0, Math.min(255, Math.round(out[i])));
        }
        return b;
    }

    /** Reads one image's values as stored: grey images their one channel, others RGB. */
    static Decoded decode(Path file) {
        return decode(file, null);
    }

    /** {@link #decode(Path)}, its errors naming the file as {@code what} (a target image) when given. */
    static Decoded decode(Path file, String what) {
        BufferedImage image = read(file, what);
        int h = image.getHeight(), w = image.getWidth(), plane = h * w;
        Raster r = image.getRaster();
        ColorModel cm = image.getColorModel();
        boolean grey = cm.getNumColorComponents() == 1 && !(cm instanceof IndexColorModel);
        if (grey) {
            // the stored levels, not Java's colour conversion (which treats grey as linear and changes them)
            int bits = image.getColorModel().getComponentSize(0);
            byte[] px = new byte[plane];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int s = r.getSample(x, y, 0);
                    px[y * w + x] = (byte) (bits > 8 ? s >> (bits - 8) : bits < 8 ? s * 255 / ((1 << bits) - 1) : s);
                }
            }
            return new Decoded(file, h, w, 1, px);
        }
        byte[] px = new byte[3 * plane];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = image.getRGB(x, y);
                px[y * w + x] = (byte) (rgb >> 16);
                px[plane + y * w + x] = (byte) (rgb >> 8);
                px[2 * plane + y * w + x] = (byte) rgb;
            }
        }
        return new Decoded(file, h, w, 3, px);
    }

    /** The image in {@code file}; errors name it as {@code what} ("mask"), or as the dataset's when null. */
    private static BufferedImage read(Path file, String what) {
        String prefix = what == null ? "folder dataset: " + file : what + " " + file;
        BufferedImage image;
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                throw new Unreadable(prefix + " is not an image Java can read (PNG, JPEG, BMP, GIF)");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                long width = reader.getWidth(0), height = reader.getHeight(0);
                if (width < 1 || height < 1 || width * height > MAX_PIXELS) {
                    throw new Unreadable(prefix + " is " + width + "x" + height + " pixels; Lamina reads images of 1"
                            + " to " + MAX_PIXELS + " pixels");
                }
                image = reader.read(0, reader.getDefaultReadParam());
            } finally {
                reader.dispose();
            }
        } catch (Unreadable e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(prefix + " is truncated or corrupt ("
                    + (e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName()) + ")");
        }
        if (image == null) {
            throw new IllegalArgumentException(prefix + " holds no image");
        }
        return image;
    }

    /** A refusal of {@link #read}'s own, passed on as it is. */
    private static final class Unreadable extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        Unreadable(String message) {
            super(message);
        }
    }
}
