package org.lamina.checkpoint;

import com.google.gson.Gson;
import java.util.List;
import java.util.Map;
import org.lamina.spi.Options;

/**
 * A checkpoint's metadata as types, with the keys it is stored under: how to build the network again
 * ({@link Build}) and where its run stands ({@link Progress}), plus the keys of what a run records
 * besides. Each is written and read here; the keys are those every checkpoint so far used, so old
 * checkpoints still read. A bad value is one line naming the checkpoint file and the key
 * ({@link Checkpoint#count}, {@link Checkpoint#sizes}, ...).
 */
public final class Metadata {
    /** The architecture's name, as the registry knows it. */
    public static final String ARCHITECTURE = "architecture";
    /** The architecture's options, {@code key=value,...}; absent for none. */
    public static final String ARCHITECTURE_OPTIONS = "architecture_options";
    /** The dataset trained on ({@code mnist}), or {@code none} for an imported model. */
    public static final String DATASET = "dataset";
    /** The input of one example, {@code channels,height,width}. */
    public static final String INPUT_SHAPE = "input_shape";
    /** How many classes the network tells apart. */
    public static final String CLASSES = "classes";
    /** The classes' names, a JSON array of strings. */
    public static final String CLASS_NAMES = "class_names";
    /** The per-channel mean subtracted from the inputs, numbers separated by commas. */
    public static final String NORMALIZATION_MEAN = "normalization_mean";
    /** The per-channel deviation the inputs are divided by. */
    public static final String NORMALIZATION_STD = "normalization_std";
    /** The optimizer's name; absent in checkpoints from before it was recorded. */
    public static final String OPTIMIZER = "optimizer";
    public static final String OPTIMIZER_OPTIONS = "optimizer_options";
    public static final String LOSS = "loss";
    public static final String LEARNING_RATE = "learning_rate";
    public static final String BATCH_SIZE = "batch_size";
    /** The device or devices the run trained on, in words. */
    public static final String DEVICE = "device";
    /** Epochs completed. */
    public static final String EPOCH = "epoch";
    /** Epochs the run was asked for. */
    public static final String EPOCHS = "epochs";
    /** Optimizer steps taken. */
    public static final String STEP = "step";
    public static final String SEED = "seed";
    public static final String TEST_ACCURACY = "test_accuracy";
    /** The last epoch's accuracy on the validation split, in place of {@link #TEST_ACCURACY} when there is one. */
    public static final String VALIDATION_ACCURACY = "validation_accuracy";
    /** The training log up to the checkpoint's epoch, as CSV text. */
    public static final String LOG_CSV = "log_csv";
    /** The ONNX file an imported model came from. */
    public static final String IMPORTED_FROM = "imported_from";
    /** {@value Checkpoint#FORMAT}: a file Lamina wrote. */
    public static final String FORMAT = "format";
    /** What the run trained for, a task's label; absent for {@code classify}. */
    public static final String TASK = "task";
    /** The objective in words, when it has more than one term. */
    public static final String OBJECTIVE = "objective";
    /** The initializer of the weights, in words; absent for the architecture's own. */
    public static final String WEIGHT_INIT = "weight_init";
    /** The share of the training set held out for validation; absent or {@code none} for none. */
    public static final String VALIDATION_SPLIT = "validation_split";
    /** How many images the validation split holds. */
    public static final String VALIDATION_IMAGES = "validation_images";
    /** Which images the validation split holds, so that a resumed run holds out the same. */
    public static final String VALIDATION_FINGERPRINT = "validation_fingerprint";
    /** How a folder dataset's images were fitted to the input size, or {@code none}. */
    public static final String IMAGE_FIT = "image_fit";

    private Metadata() {
    }

    /**
     * What builds the network again: the architecture with its options, for inputs of one shape and a
     * number of classes.
     */
    public record Build(String architecture, Options options, int[] inputShape, int classes) {

        /**
         * Read from {@code c}.
         *
         * @throws IllegalArgumentException naming the file and the key when one is absent or malformed
         */
        public static Build of(Checkpoint c) {
            int[] shape = c.sizes(INPUT_SHAPE);
            int[] classes = c.sizes(CLASSES);
            if (classes.length != 1) {
                throw c.bad(CLASSES, "is not one number");
            }
            return new Build(c.meta(ARCHITECTURE), c.options(ARCHITECTURE_OPTIONS), shape, classes[0]);
        }

        /** Adds these values to {@code meta} under their keys. */
        public void into(Map<String, String> meta) {
            meta.put(ARCHITECTURE, architecture);
            meta.put(ARCHITECTURE_OPTIONS, options.toString());
            meta.put(INPUT_SHAPE, join(inputShape));
            meta.put(CLASSES, Integer.toString(classes));
        }
    }

    /**
     * What the network learned from: the dataset, the names of its classes and the normalization its
     * inputs had.
     */
    public record Data(String dataset, List<String> classNames, float[] mean, float[] std) {

        /**
         * Read from {@code c}, with at least {@code classes} names; the dataset empty when absent.
         *
         * @throws IllegalArgumentException naming the file and the key when one is absent or malformed
         */
        public static Data of(Checkpoint c, int classes) {
            return new Data(c.meta(DATASET, ""), c.names(CLASS_NAMES, classes), c.numbers(NORMALIZATION_MEAN),
                    c.numbers(NORMALIZATION_STD));
        }

        /** Adds these values to {@code meta} under their keys. */
        public void into(Map<String, String> meta) {
            meta.put(DATASET, dataset);
            meta.put(CLASS_NAMES, new Gson().toJson(classNames));
            meta.put(NORMALIZATION_MEAN, join(mean));
            meta.put(NORMALIZATION_STD, join(std));
        }
    }

    /** Where a run stands: epochs completed and optimizer steps taken. */
    public record Progress(int epoch, int step) {

        /**
         * Read from {@code c}.
         *
         * @throws IllegalArgumentException naming the file and the key when a counter is absent or not a
         *     whole number of 0 or more
         */
        public static Progress of(Checkpoint c) {
            return new Progress(c.count(EPOCH), c.count(STEP));
        }

        /** Adds these values to {@code meta} under their keys. */
        public void into(Map<String, String> meta) {
            meta.put(EPOCH, Integer.toString(epoch));
            meta.put(STEP, Integer.toString(step));
        }
    }

    /** {@code 1,28,28}. */
    public static String join(int[] values) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            sb.append(i > 0 ? "," : "").append(values[i]);
        }
        return sb.toString();
    }

    /** {@code 0.1307,0.3081}. */
    public static String join(float[] values) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            sb.append(i > 0 ? "," : "").append(values[i]);
        }
        return sb.toString();
    }
}
