package org.lamina.shell;

import com.google.gson.Gson;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.lamina.backend.Backend;
import org.lamina.backend.Backends;
import org.lamina.checkpoint.Metadata;
import org.lamina.data.DataLoader;
import org.lamina.data.Datasets;
import org.lamina.data.ImageDataset;
import org.lamina.data.Normalization;
import org.lamina.exec.Executor;
import org.lamina.exec.Model;
import org.lamina.graph.Network;
import org.lamina.inspect.Layers;
import org.lamina.spi.Options;
import org.lamina.transfer.FeatureExtraction;
import org.lamina.transfer.FeatureFile;
import org.lamina.transfer.LoadReport;
import org.lamina.transfer.WeightLoader;
import org.lamina.transfer.Weights;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code lamina features}: a layer's activations for every image of a dataset split, with the labels, to a file. */
@Command(name = "features", mixinStandardHelpOptions = true, description = {
    "Write the activations of a layer for every image of a dataset split, with the labels, to a file:",
    "FILE.safetensors (tensors 'features' F32 [N, ...] and 'labels' I64 [N], with metadata) or FILE.npy (the",
    "features; the labels in FILE.labels.npy, int64). The network comes from --checkpoint, or from --arch with",
    "--weights (matched by name, reported as 'lamina train --weights' does)."})
final class FeaturesCommand implements Callable<Integer> {
    @ParentCommand
    Shell shell;

    @Option(names = "--checkpoint", paramLabel = "FILE", description = "A checkpoint of 'lamina train'.")
    Path checkpoint;

    @Option(names = "--weights", paramLabel = "FILE", description = "Weights (safetensors: a torchvision or timm"
            + " state_dict, or a Lamina checkpoint) for --arch.")
    Path weights;

    @Option(names = "--arch", paramLabel = "NAME", description = "With --weights: the architecture.")
    String arch;

    @Option(names = "--arch-options", defaultValue = "", paramLabel = "K=V,...")
    String archOptions;

    @Option(names = "--classes", paramLabel = "N", description = "With --weights: the classes the network is built for"
            + " (its head's size). Default: the dataset's.")
    Integer classes;

    @Option(names = "--layer", required = true, paramLabel = "NAME", description = "A layer's name as 'lamina summary'"
            + " lists it.")
    String layer;

    @Option(names = "--dataset", paramLabel = "NAME", description = "fashion-mnist, mnist or cifar-10. Default: the"
            + " checkpoint's; required with --weights.")
    String dataset;

    @Option(names = "--data", paramLabel = "DIR", description = "The dataset's folder (default: where Debian installs it).")
    Path data;

    @Option(names = "--split", defaultValue = "test", paramLabel = "train|test", description = "Default: ${DEFAULT-VALUE}.")
    String split;

    @Option(names = "--limit", paramLabel = "N", description = "Only the first N images of the split.")
    Integer limit;

    @Option(names = "--batch-size", defaultValue = "100")
    int batchSize;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "FILE.safetensors or FILE.npy.")
    Path out;

    @Option(names = "--device", paramLabel = "D")
    String device;

    @Mixin
    StrictOption strictMode;

    @Override
    public Integer call() {
        checkValues();
        Weights read = weights != null ? Weights.read(weights) : null;
        TrainedModel trained = checkpoint != null ? TrainedModel.read(checkpoint, shell.registry()) : null;
        String name = dataset != null ? dataset : trained.checkpoint().meta(Metadata.DATASET);
        int bound = limit != null ? limit : Integer.MAX_VALUE;
        Datasets.Split both = Datasets.load(name, data, split.equals("train") ? bound : 1,
                split.equals("test") ? bound : 1);
        ImageDataset images = split.equals("train") ? both.train() : both.test();
        int[] shape = {images.channels(), images.height(), images.width()};
        Network net;
        Normalization normalization;
        if (trained != null) {
            if (!Arrays.equals(trained.shape(), shape)) {
                throw new IllegalArgumentException("checkpoint " + checkpoint + " takes " + TrainCommand.shape(trained.shape())
                        + " images, " + name + " has " + TrainCommand.shape(shape));
            }
            net = trained.network();
            normalization = new Normalization(trained.mean(), trained.std());
        } else {
            net = shell.registry().architecture(arch).build(shape, classes != null ? classes : images.classes(),
                    Options.parse(archOptions));
            // the statistics of the data the network is applied to; a network trained elsewhere may want its own
            normalization = both.normalization();
        }
        Layers.layer(net, layer); // an unknown layer is named before a device is opened
        DataLoader loader = DataLoader.of(images, batchSize).normalize(normalization).build();
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put(Metadata.ARCHITECTURE, net.name());
        meta.put("layer", layer);
        meta.put(Metadata.DATASET, name);
        meta.put("split", split);
        meta.put(Metadata.CLASS_NAMES, new Gson().toJson(images.classNames()));
        meta.put("source", (checkpoint != null ? checkpoint : weights).getFileName().toString());
        int[] per;
        String where;
        try (StrictOption.Scope strictScope = strictMode.apply(); Backend backend = Backends.open(device);
                Model model = new Model(net, backend, 0)) {
            if (trained != null) {
                trained.checkpoint().loadInto(model);
            } else {
                LoadReport r = WeightLoader.load(model, read, false);
                r.lines().forEach(System.out::println);
            }
            where = backend.device();
            meta.put(Metadata.DEVICE, where);
            per = FeatureExtraction.extract(new Executor(model), loader, layer, out, meta);
        }
        int[] all = new int[per.length + 1];
        all[0] = images.count();
        System.arraycopy(per, 0, all, 1, per.length);
        boolean npy = out.getFileName().toString().endsWith(".npy");
        System.out.printf("Features of %s at %s for %,d images of %s/%s on %s: %s%n", net.name(), layer, images.count(),
                name, split, where, npy ? out + " (float32 " + Arrays.toString(all) + "), labels "
                        + FeatureFile.labelsFile(out) + " (int64)" : out + " (features F32 " + Arrays.toString(all)
                        + ", labels I64 [" + images.count() + "])");
        return 0;
    }

    private void checkValues() {
        if ((checkpoint == null) == (weights == null)) {
            throw new IllegalArgumentException("give --checkpoint FILE (a run of 'lamina train') or --weights FILE with"
                    + " --arch NAME --dataset NAME, one of them");
        }
        if (weights != null && (arch == null || dataset == null)) {
            throw new IllegalArgumentException("--weights " + weights + ": give --arch and --dataset too (the weights"
                    + " do not say which network and images they are for)");
        }
        if (checkpoint != null && (arch != null || classes != null || !archOptions.isEmpty())) {
            throw new IllegalArgumentException("--checkpoint " + checkpoint + " says its architecture and classes: leave"
                    + " --arch, --arch-options and --classes out");
        }
        if (!FeatureFile.supported(out)) {
            throw new IllegalArgumentException("--out " + out + ": give a file name ending in .safetensors or .npy");
        }
        if (!split.equals("train") && !split.equals("test")) {
            throw new IllegalArgumentException("--split: '" + split + "' is not train or test");
        }
        if (limit != null && limit < 1) {
            throw new IllegalArgumentException("--limit: " + limit + " is not a number of images (give 1 or more)");
        }
        if (classes != null && classes < 2) {
            throw new IllegalArgumentException("--classes: " + classes + " is not a number of classes (give 2 or more)");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("--batch-size: " + batchSize + " is not a batch size (give 1 or more)");
        }
    }
}
