package org.lamina.train;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** The task metrics on cases small enough to check by hand. */
class MetricsTest {

    @Test
    void pixelAccuracyAndMeanIoU() {
        // one image of 4 pixels, 2 classes; logits [1, 2, 4]: class 0's row, then class 1's
        float[] logits = {
            5, 5, 0, 0, // class 0
            0, 0, 5, 5, // class 1  -> predictions 0, 0, 1, 1
        };
        int[] labels = {0, 1, 1, 1};
        Metrics m = new Metrics();
        m.addPixels(logits, labels, 1, 2);
        assertEquals(0.75, m.pixelAccuracy(), 1e-15);
        // class 0: intersection 1, union {0, 1} = 2 -> 1/2; class 1: intersection 2, union 3 -> 2/3
        assertEquals((0.5 + 2.0 / 3) / 2, m.meanIoU(), 1e-15);
    }

    @Test
    void maskedPixelsDoNotCountAndAbsentClassesAreLeftOut() {
        // 3 classes, but class 2 neither labelled nor predicted: the mean is over classes 0 and 1
        float[] logits = {
            1, 0, 0, // class 0
            0, 1, 1, // class 1
            -1, -1, -1, // class 2
        };
        int[] labels = {0, 1, -1};
        Metrics m = new Metrics();
        m.addPixels(logits, labels, 1, 3);
        assertEquals(1.0, m.pixelAccuracy());
        assertEquals(1.0, m.meanIoU());
        // a second batch where everything is wrong: predicted 0, labelled 1
        m.addPixels(new float[] {1, 0, 0}, new int[] {1}, 1, 3);
        assertEquals(2.0 / 3, m.pixelAccuracy(), 1e-15);
        // class 0: 1 / (1 + 1) ; class 1: 1 / (1 + 1)
        assertEquals(0.5, m.meanIoU(), 1e-15);
    }

    @Test
    void tiesGoToTheLowerClass() {
        Metrics m = new Metrics();
        m.addPixels(new float[] {2, 2}, new int[] {1}, 1, 2);
        assertEquals(0.0, m.pixelAccuracy());
        assertEquals(0.0, m.meanIoU());
    }

    @Test
    void nothingCountedIsNaN() {
        Metrics m = new Metrics();
        m.addPixels(new float[] {1, 0}, new int[] {-1}, 1, 2);
        assertTrue(Double.isNaN(m.pixelAccuracy()));
        assertTrue(Double.isNaN(m.meanIoU()));
        assertTrue(Double.isNaN(m.meanSquaredError()));
    }

    @Test
    void reconstructionErrorAndPsnr() {
        Metrics m = new Metrics();
        m.addImages(new float[] {0.5f, 0.5f}, new float[] {0.5f, 0.3f}, 1);
        m.addImages(new float[] {1, 0}, new float[] {0.9f, 0.1f}, 1);
        // squared errors 0, 0.04, 0.01, 0.01 -> mean 0.015
        assertEquals(0.015, m.meanSquaredError(), 1e-8);
        assertEquals(10 * Math.log10(1 / 0.015), m.psnr(), 1e-5);
        Metrics perfect = new Metrics();
        perfect.addImages(new float[] {0.2f}, new float[] {0.2f}, 1);
        assertEquals(Double.POSITIVE_INFINITY, perfect.psnr());
    }

    @Test
    void shapesThatDoNotMatchAreRefused() {
        Metrics m = new Metrics();
        assertThrows(IllegalArgumentException.class, () -> m.addPixels(new float[6], new int[4], 1, 2));
        assertThrows(IllegalArgumentException.class, () -> m.addImages(new float[3], new float[2], 1));
    }

    @Test
    void termLossesAreMeansOverExamples() {
        Metrics m = new Metrics();
        m.addLoss(3, 2);
        m.addTerm("aux1", 1, 2);
        m.addLoss(6, 1);
        m.addTerm("aux1", 4, 1);
        assertEquals(4, m.loss(), 1e-15);
        assertEquals(2, m.termLosses().get("aux1"), 1e-15);
    }

    @Test
    void shardsAddTheirCountsNotTheirIoUs() {
        // shard a: 2 pixels of class 0, both right (IoU 1 and class 1 absent); shard b: 2 pixels of class 1,
        // one predicted 0. Whole: class 0 I=2 U=3, class 1 I=1 U=2 -> mean IoU (2/3 + 1/2) / 2
        float[] a = {5, 5, 0, 0};
        float[] b = {5, 0, 0, 5};
        Metrics sa = new Metrics(), sb = new Metrics(), whole = new Metrics(), summed = new Metrics();
        sa.addPixels(a, new int[] {0, 0}, 1, 2);
        sb.addPixels(b, new int[] {1, 1}, 1, 2);
        whole.addPixels(new float[] {5, 5, 0, 0, 5, 0, 0, 5}, new int[] {0, 0, 1, 1}, 2, 2);
        summed.addMeasures(sa);
        summed.addMeasures(sb);
        assertEquals((2.0 / 3 + 0.5) / 2, whole.meanIoU(), 1e-15);
        assertEquals(whole.meanIoU(), summed.meanIoU(), 1e-15);
        assertEquals(0.75, summed.pixelAccuracy(), 1e-15);
        assertNotEquals((sa.meanIoU() + sb.meanIoU()) / 2, summed.meanIoU(), 1e-3, "not the mean of the shards' IoUs");
        Metrics ia = new Metrics(), ib = new Metrics(), images = new Metrics();
        ia.addImages(new float[] {1, 2}, new float[] {1, 1}, 2);
        ib.addImages(new float[] {0, 0, 0}, new float[] {1, 1, 1}, 2);
        images.addMeasures(ia);
        images.addMeasures(ib);
        assertEquals(4.0 / 5, images.meanSquaredError(), 1e-15, "the MSE over every value of both shards");
        assertEquals(10 * Math.log10(4 / 0.8), images.psnr(), 1e-12);
        assertTrue(Double.isNaN(images.loss()), "measures only, no losses");
    }
}
