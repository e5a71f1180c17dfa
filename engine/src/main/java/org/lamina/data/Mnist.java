package org.lamina.data;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** Reads MNIST-style datasets: an IDX image file {@code [n, rows, cols]} and an IDX label file {@code [n]}. */
public final class Mnist {
    public static final List<String> DIGITS = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
    public static final List<String> FASHION = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    private Mnist() {
    }

    /**
     * @throws DataFormatException when the files are malformed or do not belong together
     */
    public static ImageDataset read(String name, Path images, Path labels, List<String> classes) {
        return read(name, images, labels, classes, Integer.MAX_VALUE);
    }

    /** Reads only the first {@code limit} images and labels (the rest of both files is not read). */
    public static ImageDataset read(String name, Path images, Path labels, List<String> classes, int limit) {
        IdxFile img = IdxFile.read(images, limit);
        IdxFile lab = IdxFile.read(labels, limit);
        if (img.dims().length != 3) {
            throw new DataFormatException(images, 3, "image file must have 3 dimensions (count, rows, columns), has "
                    + Arrays.toString(img.dims()));
        }
        if (lab.dims().length != 1) {
            throw new DataFormatException(labels, 3, "label file must have 1 dimension, has "
                    + Arrays.toString(lab.dims()));
        }
        if (img.dims()[0] != lab.dims()[0]) {
            throw new DataFormatException(labels, 4, lab.dims()[0] + " labels for the " + img.dims()[0] + " images of "
                    + images);
        }
        for (int i = 0; i < lab.data().length; i++) {
            if ((lab.data()[i] & 0xff) >= classes.size()) {
                throw new DataFormatException(labels, 8 + i, "label " + (lab.data()[i] & 0xff) + " is not below the "
                        + classes.size() + " classes");
            }
        }
        return new ImageDataset(name, img.dims()[0], 1, img.dims()[1], img.dims()[2], img.data(), lab.data(), classes);
    }
}
