package org.lamina.data;

import java.util.SplittableRandom;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * An augmentation that moves pixels (crop, flip, rotation, zoom, resized crop): its random move is
 * drawn once per image and applied alike to the image, its mask and its target image, so that a
 * segmentation's labels stay on their pixels. Images are interpolated as the augmentation does (zeros
 * from outside); per-pixel labels take the nearest pixel's class ({@link Batch#IGNORE} from outside).
 */
@ConsumerType
public interface GeometricAugmentation extends Augmentation {

    /** Draws the move for one {@code height x width} image: the random values {@link #apply} draws. */
    Move draw(int height, int width, SplittableRandom random);

    @Override
    default void apply(float[] image, int channels, int height, int width, SplittableRandom random) {
        draw(height, width, random).image(image, channels);
    }

    /** One drawn move of an image of the size it was drawn for. */
    interface Move {
        /** Moves {@code values} ({@code channels x height x width}) in place. */
        void image(float[] values, int channels);

        /** Moves per-pixel class labels ({@code height x width}) in place: nearest pixel, IGNORE from outside. */
        void labels(int[] values);
    }
}
