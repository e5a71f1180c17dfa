package org.lamina.data;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The geometric augmentations move an image's mask and target image with it: each pixel's mask label
 * is the class of the source pixel nearest to where the image's value came from, and the target is
 * moved exactly as the image. The images encode their own coordinates (channel 0 the row, channel 1 the
 * column, linearly), so that an augmented pixel says where it was sampled from: bilinear interpolation
 * of a linear function is exact away from the border.
 */
class PairedAugmentationTest {
    static final int H = 12, W = 12, COPIES = 8;

    /** {@code COPIES} copies of one 2x12x12 image encoding (row, column), its mask the pixel's index, its target itself. */
    static ImageDataset coordinates() {
        int plane = H * W;
        byte[] px = new byte[COPIES * 2 * plane], masks = new byte[COPIES * plane];
        for (int i = 0; i < COPIES; i++) {
            for (int y = 0; y < H; y++) {
                for (int x = 0; x < W; x++) {
                    px[(i * 2) * plane + y * W + x] = (byte) (10 * (y + 1));
                    px[(i * 2 + 1) * plane + y * W + x] = (byte) (10 * (x + 1));
                    masks[i * plane + y * W + x] = (byte) (y * W + x);
                }
            }
        }
        return new ImageDataset("coords", COPIES, 2, H, W, px, new byte[COPIES], List.of("one"), masks, 2, px.clone());
    }

    /** Every batch of 5 epochs of {@code coordinates()} under {@code a}. */
    static List<Batch> batches(Augmentation... a) {
        DataLoader.Builder b = DataLoader.of(coordinates(), COPIES).shuffle(11);
        for (Augmentation one : a) {
            b.augment(one);
        }
        DataLoader loader = b.build();
        List<Batch> out = new ArrayList<>();
        for (int e = 0; e < 5; e++) {
            for (Iterator<Batch> it = loader.epoch(e); it.hasNext();) {
                out.add(it.next());
            }
        }
        return out;
    }

    /**
     * Checks each pixel of every batch: the mask's label is the source pixel nearest the image's sampling
     * position (within half a pixel on each axis, where that pixel is off the border); returns how many
     * pixels were checked, moved, and not counted.
     */
    static int[] check(List<Batch> batches, boolean targetIsImage) {
        int checked = 0, moved = 0, ignored = 0, plane = H * W;
        for (Batch b : batches) {
            assertNotNull(b.pixelLabels());
            for (int i = 0; i < b.size(); i++) {
                for (int p = 0; p < plane; p++) {
                    int label = b.pixelLabels()[i * plane + p];
                    if (targetIsImage) {
                        assertEquals(b.images()[(i * 2) * plane + p], b.targets()[(i * 2) * plane + p], "target row");
                        assertEquals(b.images()[(i * 2 + 1) * plane + p], b.targets()[(i * 2 + 1) * plane + p]);
                    }
                    if (label == Batch.IGNORE) {
                        ignored++;
                        continue;
                    }
                    moved += label != p ? 1 : 0;
                    int ly = label / W, lx = label % W;
                    if (ly < 1 || ly > H - 2 || lx < 1 || lx > W - 2) {
                        continue; // its sampling position may take zeros from outside the image
                    }
                    double sy = b.images()[(i * 2) * plane + p] * 25.5 - 1, sx = b.images()[(i * 2 + 1) * plane + p] * 25.5 - 1;
                    assertEquals(ly, sy, 0.5 + 1e-3, "row of pixel " + p + " (mask " + label + ")");
                    assertEquals(lx, sx, 0.5 + 1e-3, "column of pixel " + p + " (mask " + label + ")");
                    checked++;
                }
            }
        }
        return new int[] {checked, moved, ignored};
    }

    @Test
    void eachGeometricAugmentationMovesTheMaskAndTargetWithTheImage() {
        Map<String, Augmentation> each = Map.of("crop", Augmentation.randomCrop(3), "flip",
                Augmentation.horizontalFlip(0.5), "rotation", Augmentation.rotation(40), "zoom",
                Augmentation.zoom(0.7, 1.4), "resized crop", Augmentation.randomResizedCrop(0.3));
        each.forEach((name, a) -> {
            assertInstanceOf(GeometricAugmentation.class, a, name);
            int[] n = check(batches(a), true);
            assertTrue(n[0] > 5 * COPIES * 40, name + ": pixels checked " + n[0]);
            assertTrue(n[1] > 5 * COPIES * 40, name + ": the masks moved, " + n[1] + " pixels");
            if (!name.equals("flip") && !name.equals("resized crop")) {
                assertTrue(n[2] > 0, name + ": pixels from outside the image do not count");
            }
        });
    }

    @Test
    void cropsAndFlipsMoveMasksExactly() {
        // integer moves: every pixel's label is exactly the pixel its value came from
        int plane = H * W, compared = 0;
        for (Batch b : batches(Augmentation.randomCrop(4), Augmentation.horizontalFlip(0.5))) {
            for (int i = 0; i < b.size(); i++) {
                for (int p = 0; p < plane; p++) {
                    int label = b.pixelLabels()[i * plane + p];
                    float row = b.images()[(i * 2) * plane + p], col = b.images()[(i * 2 + 1) * plane + p];
                    if (label == Batch.IGNORE) {
                        assertEquals(0f, row, "a padded pixel: zero in the image, not counted in the mask");
                        assertEquals(0f, col);
                    } else {
                        assertEquals(10 * (label / W + 1) / 255f, row, 1e-7);
                        assertEquals(10 * (label % W + 1) / 255f, col, 1e-7);
                        compared++;
                    }
                }
            }
        }
        assertTrue(compared > 0);
    }

    @Test
    void colourChangesTheInputOnlyAndErasingTooWhileTheMaskFollowsTheGeometry() {
        List<Batch> bs = batches(Augmentation.rotation(20), Augmentation.colorJitter(0.4, 0, 0),
                Augmentation.randomErasing(1));
        int plane = H * W, scaled = 0;
        for (Batch b : bs) {
            for (int i = 0; i < b.size(); i++) {
                // brightness multiplies the input by one factor; the target is the rotated image unscaled
                double ratio = Double.NaN;
                for (int p = 0; p < 2 * plane; p++) {
                    float in = b.images()[i * 2 * plane + p], t = b.targets()[i * 2 * plane + p];
                    if (in == 0 || t < 0.2f) {
                        continue; // erased, or too dark to measure
                    }
                    if (Double.isNaN(ratio)) {
                        ratio = in / t;
                    }
                    assertEquals(ratio, in / t, 1e-4, "one brightness factor per image");
                    scaled++;
                }
            }
        }
        assertTrue(scaled > 0);
        // the targets alone, unchanged by colour or erasing, still agree with the masks
        List<Batch> targetsAsImages = new ArrayList<>();
        for (Batch b : bs) {
            targetsAsImages.add(new Batch(b.size(), 2, H, W, b.targets(), b.labels(), null, 1f, b.pixelLabels(),
                    b.targets()));
        }
        assertTrue(check(targetsAsImages, true)[0] > 0);
    }

    @Test
    void mixupIsRefusedWithMasks() {
        var e = assertThrows(IllegalArgumentException.class, () -> DataLoader.of(coordinates(), 4).mixup(0.2).build());
        assertTrue(e.getMessage().contains("mixup"), e.getMessage());
    }
}
