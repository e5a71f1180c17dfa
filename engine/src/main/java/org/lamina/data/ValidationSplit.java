package org.lamina.data;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.SplittableRandom;

/**
 * Images held out of a training set to validate on: a random subset drawn from the seed alone, so
 * that the same data, size and seed give the same split in every run and after {@code --resume}.
 *
 * @param train the images trained on, in their original order
 * @param validation the held-out images, in their original order
 * @param indices the held-out images' positions in the original set, ascending
 * @param fingerprint the first 16 hex digits of the SHA-256 of {@code indices}: a resumed run checks it
 */
public record ValidationSplit(ImageDataset train, ImageDataset validation, int[] indices, String fingerprint) {

    /**
     * Holds out {@code size} of {@code data}'s images: a fraction below 1 ({@code 0.1}, {@code 10%})
     * or a count ({@code 5000}).
     *
     * @throws IllegalArgumentException when the size is not one, or leaves no image on either side
     */
    public static ValidationSplit of(ImageDataset data, String size, long seed) {
        int n = count(size, data.count());
        int[] order = new int[data.count()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        // a stream of its own, so that the split does not move when the batch shuffling changes
        SplittableRandom rnd = new SplittableRandom(seed ^ 0x5A175EED0F7A11DL);
        for (int i = order.length - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int[] held = Arrays.copyOf(order, n), kept = Arrays.copyOfRange(order, n, order.length);
        Arrays.sort(held);
        Arrays.sort(kept);
        String base = data.name().endsWith("/train") ? data.name().substring(0, data.name().length() - 6) : data.name();
        return new ValidationSplit(data.select(base + "/train", kept), data.select(base + "/validation", held), held,
                fingerprint(held));
    }

    /** How many images {@code size} holds out of {@code total}. */
    public static int count(String size, int total) {
        String s = size == null ? "" : size.strip();
        int n;
        try {
            if (s.endsWith("%")) {
                n = fraction(s, Double.parseDouble(s.substring(0, s.length() - 1)) / 100, total);
            } else if (s.contains(".") || s.contains("e") || s.contains("E")) {
                n = fraction(s, Double.parseDouble(s), total);
            } else {
                n = Integer.parseInt(s);
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("validation split '" + size + "' is neither a fraction (0.1, 10%) nor a"
                    + " number of images (5000)");
        }
        if (n < 1 || n >= total) {
            throw new IllegalArgumentException("validation split '" + size + "' holds out " + n + " of " + total
                    + " training images; it must leave at least one image on each side");
        }
        return n;
    }

    private static int fraction(String text, double f, int total) {
        if (!(f > 0 && f < 1)) {
            throw new IllegalArgumentException("validation split '" + text + "' is not a fraction between 0 and 1");
        }
        return (int) Math.round(f * total);
    }

    private static String fingerprint(int[] indices) {
        try {
            ByteBuffer b = ByteBuffer.allocate(4 * indices.length);
            for (int i : indices) {
                b.putInt(i);
            }
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b.array())).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java", e);
        }
    }
}
