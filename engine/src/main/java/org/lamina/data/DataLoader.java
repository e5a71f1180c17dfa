package org.lamina.data;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;

/**
 * Mini-batches of an {@link ImageDataset}: pixels scaled to [0, 1], augmented, normalized, in an
 * order shuffled anew each epoch; masks and target images (in [0, 1], not normalized) moved with
 * their images by the geometric augmentations. Everything random is seeded by (seed, epoch, position), so the
 * same seed gives the same batches, and a resumed run sees the batches the interrupted run would have.
 */
public final class DataLoader {
    private final ImageDataset data;
    private final int batchSize;
    private final boolean shuffle;
    private final long seed;
    private final Normalization normalization;
    private final List<Augmentation> augmentations;
    private final double mixupAlpha;

    private DataLoader(Builder b) {
        this.data = b.data;
        this.batchSize = b.batchSize;
        this.shuffle = b.shuffle;
        this.seed = b.seed;
        this.normalization = b.normalization != null ? b.normalization : Normalization.identity(b.data.channels());
        this.augmentations = List.copyOf(b.augmentations);
        this.mixupAlpha = b.mixupAlpha;
        if (mixupAlpha > 0 && (data.hasMasks() || data.hasTargets())) {
            throw new IllegalArgumentException("data loader: mixup mixes class labels; " + data.name()
                    + " has masks or target images");
        }
        if (normalization.channels() != data.channels()) {
            throw new IllegalArgumentException("data loader: normalization has " + normalization.channels()
                    + " channels, " + data.name() + " has " + data.channels());
        }
    }

    public static Builder of(ImageDataset data, int batchSize) {
        return new Builder(data, batchSize);
    }

    public ImageDataset dataset() {
        return data;
    }

    public int batchSize() {
        return batchSize;
    }

    /** Batches per epoch; the last one may be smaller. */
    public int batches() {
        return (data.count() + batchSize - 1) / batchSize;
    }

    /** The batches of epoch {@code epoch} (0-based), in order. */
    public Iterator<Batch> epoch(int epoch) {
        int[] order = order(epoch);
        return new Iterator<>() {
            int next;

            @Override
            public boolean hasNext() {
                return next < order.length;
            }

            @Override
            public Batch next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                int from = next, to = Math.min(order.length, next + batchSize);
                next = to;
                return batch(epoch, order, from, to);
            }
        };
    }

    /** Batch {@code index} of epoch {@code epoch}, without producing the ones before it. */
    public Batch batch(int epoch, int index) {
        int[] order = order(epoch);
        int from = index * batchSize;
        if (index < 0 || from >= order.length) {
            throw new IllegalArgumentException("batch " + index + " of " + batches());
        }
        return batch(epoch, order, from, Math.min(order.length, from + batchSize));
    }

    int[] order(int epoch) {
        int[] order = new int[data.count()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        if (shuffle) {
            SplittableRandom rnd = new SplittableRandom(mix(seed, epoch, -1));
            for (int i = order.length - 1; i > 0; i--) {
                int j = rnd.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
        }
        return order;
    }

    private Batch batch(int epoch, int[] order, int from, int to) {
        int n = to - from, c = data.channels(), h = data.height(), w = data.width(), size = data.imageSize();
        float[] images = new float[n * size];
        int[] labels = new int[n];
        float[] one = new float[size];
        int plane = h * w, tc = data.targetChannels(), tsize = tc * plane;
        int[] pixelLabels = data.hasMasks() ? new int[n * plane] : null, mask = new int[plane];
        float[] targets = data.hasTargets() ? new float[n * tsize] : null, target = new float[tsize];
        for (int b = 0; b < n; b++) {
            int idx = order[from + b];
            labels[b] = data.label(idx);
            for (int i = 0; i < size; i++) {
                one[i] = (data.pixels()[idx * size + i] & 0xff) / 255f;
            }
            if (pixelLabels != null) {
                for (int i = 0; i < plane; i++) {
                    int v = data.masks()[idx * plane + i] & 0xff;
                    mask[i] = v == ImageDataset.IGNORE_MASK ? Batch.IGNORE : v;
                }
            }
            if (targets != null) {
                for (int i = 0; i < tsize; i++) {
                    target[i] = (data.targets()[idx * tsize + i] & 0xff) / 255f;
                }
            }
            SplittableRandom rnd = new SplittableRandom(mix(seed, epoch, from + b));
            for (Augmentation a : augmentations) {
                if (a.afterNormalization()) {
                    continue;
                }
                if (a instanceof GeometricAugmentation g && (pixelLabels != null || targets != null)) {
                    // one move for the image, its mask and its target: the labels stay on their pixels
                    GeometricAugmentation.Move move = g.draw(h, w, rnd);
                    move.image(one, c);
                    if (pixelLabels != null) {
                        move.labels(mask);
                    }
                    if (targets != null) {
                        move.image(target, tc);
                    }
                } else {
                    a.apply(one, c, h, w, rnd); // colour changes: the input only, the target stays clean
                }
            }
            for (int ch = 0; ch < c; ch++) {
                float m = normalization.mean()[ch], s = normalization.std()[ch];
                for (int p = 0; p < plane; p++) {
                    one[ch * plane + p] = (one[ch * plane + p] - m) / s;
                }
            }
            for (Augmentation a : augmentations) {
                if (a.afterNormalization()) {
                    a.apply(one, c, h, w, rnd);
                }
            }
            System.arraycopy(one, 0, images, b * size, size);
            if (pixelLabels != null) {
                System.arraycopy(mask, 0, pixelLabels, b * plane, plane);
            }
            if (targets != null) {
                System.arraycopy(target, 0, targets, b * tsize, tsize);
            }
        }
        if (pixelLabels != null || targets != null) {
            return new Batch(n, c, h, w, images, labels, null, 1f, pixelLabels, targets);
        }
        if (mixupAlpha <= 0 || n < 2) {
            return new Batch(n, c, h, w, images, labels, null, 1f);
        }
        // mixup (Zhang et al., 2018): blend the batch with a shuffled copy of itself.
        SplittableRandom rnd = new SplittableRandom(mix(seed, epoch, -2 - from));
        float lambda = (float) Sampling.beta(rnd, mixupAlpha, mixupAlpha);
        int[] partner = new int[n];
        for (int i = 0; i < n; i++) {
            partner[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = partner[i];
            partner[i] = partner[j];
            partner[j] = t;
        }
        float[] mixed = new float[images.length];
        int[] mixLabels = new int[n];
        for (int b = 0; b < n; b++) {
            mixLabels[b] = labels[partner[b]];
            for (int i = 0; i < size; i++) {
                mixed[b * size + i] = lambda * images[b * size + i] + (1 - lambda) * images[partner[b] * size + i];
            }
        }
        return new Batch(n, c, h, w, mixed, labels, mixLabels, lambda);
    }

    static long mix(long seed, long epoch, long position) {
        long z = seed * 0x9E3779B97F4A7C15L + epoch * 0xBF58476D1CE4E5B9L + position * 0x94D049BB133111EBL;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Configures a {@link DataLoader}. */
    public static final class Builder {
        private final ImageDataset data;
        private final int batchSize;
        private boolean shuffle;
        private long seed;
        private Normalization normalization;
        private final List<Augmentation> augmentations = new ArrayList<>();
        private double mixupAlpha;

        private Builder(ImageDataset data, int batchSize) {
            if (batchSize < 1) {
                throw new IllegalArgumentException("data loader: batch size " + batchSize + " is below 1");
            }
            this.data = data;
            this.batchSize = batchSize;
        }

        public Builder shuffle(long seed) {
            this.shuffle = true;
            this.seed = seed;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder normalize(Normalization n) {
            this.normalization = n;
            return this;
        }

        public Builder augment(Augmentation a) {
            augmentations.add(a);
            return this;
        }

        /** Mixup with Beta(alpha, alpha) weights; 0 turns it off. */
        public Builder mixup(double alpha) {
            if (!(alpha >= 0) || Double.isInfinite(alpha)) {
                throw new IllegalArgumentException("mixup: alpha " + alpha + " must be a finite number >= 0");
            }
            this.mixupAlpha = alpha;
            return this;
        }

        public DataLoader build() {
            return new DataLoader(this);
        }
    }
}
