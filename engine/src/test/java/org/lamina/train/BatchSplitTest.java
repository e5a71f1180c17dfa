package org.lamina.train;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.lamina.data.Batch;

class BatchSplitTest {

    @Test
    void evenSharesGiveTheFirstDevicesTheRemainder() {
        assertArrayEquals(new int[] {32, 32}, BatchSplit.even(64, 2));
        assertArrayEquals(new int[] {22, 21, 21}, BatchSplit.even(64, 3));
        assertArrayEquals(new int[] {2, 2, 1, 1}, BatchSplit.even(6, 4));
        // the last, partial batch of an epoch (60,000 images in batches of 64 leave 32)
        assertArrayEquals(new int[] {16, 16}, BatchSplit.even(60_000 % 64, 2));
        assertArrayEquals(new int[] {11, 10, 10}, BatchSplit.even(31, 3));
    }

    @Test
    void aBatchSmallerThanTheDevicesLeavesTheLastOnesEmpty() {
        assertArrayEquals(new int[] {1, 1, 0, 0}, BatchSplit.even(2, 4));
        assertArrayEquals(new int[] {1, 0}, BatchSplit.even(1, 2));
        assertArrayEquals(new int[] {0, 0}, BatchSplit.even(0, 2));
    }

    @Test
    void weightedSharesFollowTheWeightsAndAlwaysAddUp() {
        assertArrayEquals(new int[] {48, 16}, BatchSplit.sizes(64, new double[] {3, 1}));
        assertArrayEquals(new int[] {0, 10}, BatchSplit.sizes(10, new double[] {0, 5}));
        // 100 * (1/3, 1/3, 1/3): the largest remainders (all equal) go to the first devices
        assertArrayEquals(new int[] {34, 33, 33}, BatchSplit.sizes(100, new double[] {1, 1, 1}));
        Random rnd = new Random(3);
        for (int trial = 0; trial < 2000; trial++) {
            double[] w = new double[1 + rnd.nextInt(5)];
            for (int i = 0; i < w.length; i++) {
                w[i] = rnd.nextInt(4) == 0 ? 0 : rnd.nextDouble() * 1000;
            }
            if (Arrays.stream(w).sum() == 0) {
                w[0] = 1;
            }
            int n = rnd.nextInt(300);
            int[] s = BatchSplit.sizes(n, w);
            assertEquals(n, Arrays.stream(s).sum(), Arrays.toString(w) + " " + n);
            double total = Arrays.stream(w).sum();
            for (int i = 0; i < s.length; i++) {
                assertTrue(s[i] >= 0 && Math.abs(s[i] - n * w[i] / total) < 1 + 1e-9,
                        "share " + s[i] + " of " + n + " for weights " + Arrays.toString(w));
            }
        }
    }

    @Test
    void badWeightsAreRefusedWithTheirValues() {
        var e = assertThrows(IllegalArgumentException.class, () -> BatchSplit.sizes(8, new double[] {1, -2}));
        assertTrue(e.getMessage().contains("-2.0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> BatchSplit.sizes(8, new double[] {0, 0}));
        assertTrue(e.getMessage().contains("all 0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> BatchSplit.sizes(8, new double[] {1, Double.NaN}));
        assertTrue(e.getMessage().contains("NaN"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> BatchSplit.sizes(8, new double[0]));
        e = assertThrows(IllegalArgumentException.class, () -> BatchSplit.Mode.parse("fast"));
        assertTrue(e.getMessage().contains("'fast'"), e.getMessage());
        assertEquals(BatchSplit.Mode.SPEED, BatchSplit.Mode.parse(" Speed "));
    }

    @Test
    void slicesKeepImagesLabelsAndMixupInOrder() {
        int n = 5, per = 2 * 3 * 3;
        float[] images = new float[n * per];
        for (int i = 0; i < images.length; i++) {
            images[i] = i;
        }
        Batch b = new Batch(n, 2, 3, 3, images, new int[] {0, 1, 2, 3, 4}, new int[] {4, 3, 2, 1, 0}, 0.7f);
        int[] sizes = BatchSplit.even(n, 2);
        Batch first = BatchSplit.slice(b, 0, sizes[0]);
        Batch second = BatchSplit.slice(b, sizes[0], sizes[1]);
        assertEquals(3, first.size());
        assertEquals(2, second.size());
        assertArrayEquals(new int[] {3, 4}, second.labels());
        assertArrayEquals(new int[] {1, 0}, second.mixLabels());
        assertEquals(0.7f, second.lambda());
        assertEquals(3 * per, second.images()[0]);
        float[] joined = Arrays.copyOf(first.images(), images.length);
        System.arraycopy(second.images(), 0, joined, first.images().length, second.images().length);
        assertArrayEquals(images, joined);
        Batch plain = new Batch(2, 1, 1, 1, new float[] {1, 2}, new int[] {0, 1}, null, 1);
        assertNull(BatchSplit.slice(plain, 1, 1).mixLabels());
        assertEquals(0, BatchSplit.slice(plain, 2, 0).size());
        var e = assertThrows(IllegalArgumentException.class, () -> BatchSplit.slice(plain, 1, 2));
        assertTrue(e.getMessage().contains("[1, 3)"), e.getMessage());
    }

    @Test
    void slicesCarryEachImagesMaskAndTargetImage() {
        // 3 images of 1x2x2; masks of 4 pixels each; target images of 2 channels (8 values each)
        float[] images = new float[12];
        int[] masks = new int[12];
        float[] targets = new float[24];
        for (int i = 0; i < 12; i++) {
            images[i] = i;
            masks[i] = 100 + i;
        }
        for (int i = 0; i < 24; i++) {
            targets[i] = 1000 + i;
        }
        Batch b = new Batch(3, 1, 2, 2, images, new int[] {0, 1, 2}, null, 1f, masks, targets);
        Batch tail = BatchSplit.slice(b, 1, 2);
        assertArrayEquals(Arrays.copyOfRange(masks, 4, 12), tail.pixelLabels());
        assertArrayEquals(Arrays.copyOfRange(targets, 8, 24), tail.targets());
        Batch head = BatchSplit.slice(b, 0, 1);
        assertArrayEquals(Arrays.copyOfRange(masks, 0, 4), head.pixelLabels());
        assertArrayEquals(Arrays.copyOfRange(targets, 0, 8), head.targets());
        assertNull(BatchSplit.slice(new Batch(2, 1, 1, 1, new float[] {1, 2}, new int[] {0, 1}, null, 1), 1, 1)
                .pixelLabels());
    }
}
