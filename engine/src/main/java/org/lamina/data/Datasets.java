package org.lamina.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The datasets Lamina knows by name, where it looks for them, and how they are normalized.
 * Fashion-MNIST comes from Debian's {@code dataset-fashion-mnist} package.
 */
public final class Datasets {
    /**
     * Training and test data of one dataset, and the normalization to use with both. The test data is
     * null for a {@link FolderDataset} without a test folder.
     */
    public record Split(ImageDataset train, ImageDataset test, Normalization normalization) {
    }

    private Datasets() {
    }

    /** The datasets known by name; {@code folder:PATH} names a {@link FolderDataset}. */
    public static List<String> names() {
        return List.of("fashion-mnist", "mnist", "cifar-10");
    }

    /** Whether {@code name} is a folder of class folders ({@code folder:PATH}, or {@code folder} with a directory). */
    public static boolean isFolder(String name) {
        String n = name == null ? "" : name.strip();
        return n.equalsIgnoreCase("folder") || n.regionMatches(true, 0, "folder:", 0, 7);
    }

    /** The folder of {@code folder:PATH}, else {@code dir}. */
    public static Path folder(String name, Path dir) {
        String n = name.strip();
        if (n.length() > 7) {
            return Path.of(n.substring(7));
        }
        if (dir == null) {
            throw new IllegalArgumentException("dataset 'folder' needs its folder: give folder:PATH or --data PATH");
        }
        return dir;
    }

    /** Where {@code name} is looked for when no directory is given. */
    public static Path defaultDirectory(String name) {
        return switch (canonical(name)) {
            case "fashion-mnist" -> Path.of("/usr/share/datasets/fashion-mnist");
            case "mnist" -> Path.of("/usr/share/datasets/mnist");
            default -> Path.of(System.getProperty("user.home"), ".cache", "lamina", "cifar-10-batches-bin");
        };
    }

    /**
     * Loads {@code name} from {@code dir} (null: its default directory).
     *
     * @throws IllegalArgumentException for an unknown name (listing the known ones) or missing files
     *     (saying where it looked and how to get them)
     */
    public static Split load(String name, Path dir) {
        return load(name, dir, Integer.MAX_VALUE);
    }

    /**
     * Loads {@code name} from {@code dir} (null: its default directory), reading only the first
     * {@code trainLimit} training images; the test split is read whole.
     *
     * @throws DataFormatException when the training and test images differ in size (naming both files)
     */
    public static Split load(String name, Path dir, int trainLimit) {
        return load(name, dir, trainLimit, Integer.MAX_VALUE);
    }

    /**
     * Loads {@code name} from {@code dir} (null: its default directory), reading only the first
     * {@code trainLimit} training images and the first {@code testLimit} test images: the rest of the
     * files is neither read nor held, whatever their headers claim.
     *
     * @throws DataFormatException when the training and test images differ in size (naming both files)
     */
    public static Split load(String name, Path dir, int trainLimit, int testLimit) {
        if (isFolder(name)) {
            // images as they come: every one of the same size and channels
            return FolderDataset.load(folder(name, dir), FolderDataset.Options.AS_IS, trainLimit, testLimit);
        }
        String n = canonical(name);
        Path d = dir != null ? dir : defaultDirectory(n);
        return switch (n) {
            case "fashion-mnist" -> mnist(n, d, trainLimit, testLimit, Mnist.FASHION,
                    Normalization.of(0.2860f, 0.3530f));
            case "mnist" -> mnist(n, d, trainLimit, testLimit, Mnist.DIGITS, Normalization.of(0.1307f, 0.3081f));
            default -> {
                List<Path> train = new ArrayList<>();
                for (int i = 1; i <= 5; i++) {
                    train.add(required(n, d, "data_batch_" + i + ".bin"));
                }
                yield new Split(Cifar10.read("cifar-10/train", train, trainLimit),
                        Cifar10.read("cifar-10/test", List.of(required(n, d, "test_batch.bin")), testLimit),
                        new Normalization(new float[] {0.4914f, 0.4822f, 0.4465f},
                                new float[] {0.2470f, 0.2435f, 0.2616f}));
            }
        };
    }

    private static Split mnist(String n, Path d, int trainLimit, int testLimit, List<String> classes,
            Normalization norm) {
        Path trainImages = idx(n, d, "train-images-idx3-ubyte"), testImages = idx(n, d, "t10k-images-idx3-ubyte");
        ImageDataset train = Mnist.read(n + "/train", trainImages, idx(n, d, "train-labels-idx1-ubyte"), classes,
                trainLimit);
        ImageDataset test = Mnist.read(n + "/test", testImages, idx(n, d, "t10k-labels-idx1-ubyte"), classes,
                testLimit);
        if (train.height() != test.height() || train.width() != test.width()) {
            throw new DataFormatException(trainImages, 8, "holds " + train.height() + "x" + train.width()
                    + " images but " + testImages + " holds " + test.height() + "x" + test.width()
                    + "; training and test images must be the same size");
        }
        return new Split(train, test, norm);
    }

    static String canonical(String name) {
        String n = name == null ? "" : name.toLowerCase(Locale.ROOT).strip();
        return switch (n) {
            case "fashion-mnist", "fashion_mnist", "fashionmnist" -> "fashion-mnist";
            case "mnist" -> "mnist";
            case "cifar-10", "cifar10", "cifar_10" -> "cifar-10";
            default -> throw new IllegalArgumentException("unknown dataset '" + name + "'; the datasets are "
                    + String.join(", ", names()) + ", folder:PATH");
        };
    }

    private static Path idx(String name, Path dir, String base) {
        for (String candidate : new String[] {base + ".gz", base, base.replace("-idx", ".idx") + ".gz",
            base.replace("-idx", ".idx")}) {
            Path p = dir.resolve(candidate);
            if (Files.isDirectory(p)) {
                throw new IllegalArgumentException(p + " is a folder, not an IDX file (" + name + " needs the file "
                        + base + "[.gz] there)");
            }
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw missing(name, dir, base + "[.gz]");
    }

    private static Path required(String name, Path dir, String file) {
        Path p = dir.resolve(file);
        if (Files.isDirectory(p)) {
            throw new IllegalArgumentException(p + " is a folder, not a CIFAR-10 batch file");
        }
        if (!Files.isRegularFile(p)) {
            throw missing(name, dir, file);
        }
        return p;
    }

    private static IllegalArgumentException missing(String name, Path dir, String file) {
        String how = switch (name) {
            case "fashion-mnist" -> "install Debian's package (sudo apt-get install dataset-fashion-mnist) or give "
                    + "--data DIR with the four IDX files from https://github.com/zalandoresearch/fashion-mnist";
            case "mnist" -> "give --data DIR with the four IDX files of MNIST (train-images-idx3-ubyte.gz, ...)";
            default -> "download the binary version (cifar-10-binary.tar.gz) from "
                    + "https://www.cs.toronto.edu/~kriz/cifar.html, unpack it and give --data DIR "
                    + "(the folder with data_batch_1.bin)";
        };
        return new IllegalArgumentException(name + " not found: looked for " + file + " in " + dir + "; " + how);
    }
}
