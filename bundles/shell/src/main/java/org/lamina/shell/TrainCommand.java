package org.lamina.shell;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.Supplier;
import org.lamina.backend.Backend;
import org.lamina.backend.Backends;
import org.lamina.checkpoint.Checkpoint;
import org.lamina.checkpoint.Metadata;
import org.lamina.data.DataLoader;
import org.lamina.data.Datasets;
import org.lamina.data.FolderDataset;
import org.lamina.data.ImageDataset;
import org.lamina.data.Normalization;
import org.lamina.data.ValidationSplit;
import org.lamina.exec.Executor;
import org.lamina.exec.Model;
import org.lamina.graph.Initializer;
import org.lamina.graph.Network;
import org.lamina.limits.AllocationTooLarge;
import org.lamina.registry.PluginKind;
import org.lamina.registry.Registry;
import org.lamina.spi.Architecture;
import org.lamina.spi.LearningRateSchedule;
import org.lamina.spi.Loss;
import org.lamina.spi.Optimizer;
import org.lamina.spi.Options;
import org.lamina.spi.Plugin;
import org.lamina.spi.Updater;
import org.lamina.tensorboard.TensorBoardListener;
import org.lamina.train.BatchSplit;
import org.lamina.train.DistributedTraining;
import org.lamina.train.EarlyStopping;
import org.lamina.train.GradientExchange;
import org.lamina.train.Objective;
import org.lamina.train.Regularizer;
import org.lamina.train.Replicas;
import org.lamina.train.RunFolder;
import org.lamina.train.Trainer;
import org.lamina.train.TrainingStopped;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code lamina train}: trains an architecture on a dataset and reports test accuracy and throughput. */
@Command(name = "train", description = "Train a network on a dataset; checkpoints, CSV log, PNG curves and TensorBoard events go to"
        + " --out.")
final class TrainCommand implements Callable<Integer> {
    /** What {@code --optimizer-options} is for SGD when not given; the other optimizers get PyTorch's defaults. */
    static final String SGD_DEFAULT_OPTIONS = "momentum=0.9";
    /** The test split's batch size, when training's is not smaller. */
    static final int TEST_BATCH = 500;
    /** The value of --tensorboard that turns the events off. */
    static final String NO_EVENTS = "none";
    /** How many training images the TensorBoard events show. */
    static final int SAMPLES = 16;

    @ParentCommand
    Shell shell;

    /** Where this run's TensorBoard events go, once known; null without them. */
    private Path eventsDir;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help, with the installed plugins and their options.")
    boolean help;


    @Option(names = "--arch", defaultValue = "lenet5", description = "Architecture (see 'lamina plugins'). Default: ${DEFAULT-VALUE}.")
    String arch;

    @Option(names = "--arch-options", defaultValue = "", paramLabel = "K=V,...", description = "Architecture options, e.g. variant=tanh.")
    String archOptions;

    @Option(names = "--dataset", defaultValue = "fashion-mnist", description = "fashion-mnist, mnist, cifar-10, or"
            + " folder:PATH (PATH/train/<class>/*.png|jpg, optionally PATH/test/...). Default: ${DEFAULT-VALUE}.")
    String dataset;

    @Option(names = "--image-size", paramLabel = "HxW", description = "With a folder dataset: bring every image to"
            + " this size (see --image-fit). Default: the images' own, which must then agree.")
    String imageSize;

    @Option(names = "--image-fit", defaultValue = "stretch", paramLabel = "stretch|crop", description = "With"
            + " --image-size: stretch each image to it (as predict does), or scale it to cover and cut out the"
            + " centre. Default: ${DEFAULT-VALUE}.")
    String imageFit;

    @Option(names = "--channels", paramLabel = "1|3", description = "With a folder dataset: convert every image to"
            + " grey (1) or RGB (3). Default: the images' own, which must then agree.")
    Integer channels;

    @Option(names = "--val-split", paramLabel = "F|N", description = "Hold out a fraction (0.1, 10%%) or a number of"
            + " the training images, drawn by --seed, to evaluate each epoch on; the test set is then evaluated once,"
            + " after training, on the best epoch (best.safetensors).")
    String valSplit;

    @Option(names = "--early-stop", paramLabel = "PATIENCE", description = "With --val-split: stop after PATIENCE"
            + " epochs without improvement of --early-stop-metric.")
    Integer earlyStop;

    @Option(names = "--early-stop-metric", defaultValue = "val_loss", paramLabel = "val_loss|val_top1|val_top5",
            description = "What picks the best epoch and early stopping watches. Default: ${DEFAULT-VALUE}.")
    String earlyStopMetric;

    @Option(names = "--early-stop-mode", defaultValue = "auto", paramLabel = "auto|min|max", description = "Whether"
            + " lower or higher is better; auto: lower for the loss, higher for accuracies. Default: ${DEFAULT-VALUE}.")
    String earlyStopMode;

    @Option(names = "--early-stop-min-delta", defaultValue = "0", paramLabel = "D", description = "How much an epoch"
            + " must beat the best by to count as an improvement. Default: ${DEFAULT-VALUE}.")
    double earlyStopMinDelta;

    @Option(names = "--init", paramLabel = "NAME", description = "Initializer of every convolution and dense weight"
            + " (biases stay zero): kaiming (he-normal), kaiming-uniform, xavier (xavier-uniform), xavier-normal,"
            + " pytorch, gaussian:STD. Default: the architecture's own.")
    String init;

    @Option(names = "--data", paramLabel = "DIR", description = "Directory of the dataset's files (default: where Debian"
            + " installs it); with --spark also a Hadoop file system's URI (hdfs://, s3a://, file://).")
    String dataOption;

    /** The local folder of --data: a Hadoop URI's files copied to this machine with --spark. */
    Path data;

    @Option(names = "--epochs", defaultValue = "10")
    int epochs;

    @Option(names = "--batch-size", defaultValue = "64")
    int batchSize;

    @Option(names = "--lr", defaultValue = "0.01", description = "Learning rate. Default: ${DEFAULT-VALUE}.")
    double lr;

    @Option(names = "--optimizer", defaultValue = "sgd", description = "Optimizer (listed below). Default: ${DEFAULT-VALUE}.")
    String optimizer;

    @Option(names = "--optimizer-options", paramLabel = "K=V,...",
            description = "Optimizer options, named as in PyTorch (listed below). Default: " + SGD_DEFAULT_OPTIONS
                    + " for sgd, none (PyTorch's defaults) for the others.")
    String optimizerOptions;

    @Option(names = "--loss", description = "Loss (listed below). Default: cross-entropy, mse to reconstruct.")
    String loss;

    @Option(names = "--task", paramLabel = "classify|segment|reconstruct", description = "What the network's first"
            + " output learns: class labels, a class per pixel (masks derived from the images, --masks), or the input"
            + " image. Default: the architecture's (unet: segment, autoencoder: reconstruct, others: classify).")
    String task;

    @Option(names = "--aux-weights", defaultValue = "", paramLabel = "OUTPUT=W,...", description = "Training weight of"
            + " the loss of each further output (default: the architecture's, googlenet: aux1=0.3,aux2=0.3; 0: not"
            + " trained). Evaluation uses the first output only.")
    String auxWeights;

    @Option(names = "--masks", defaultValue = "", paramLabel = "K=V,...", description = "With --task segment: pixels"
            + " above threshold (0.25, on [0, 1]) are the item (class 1), those at or below threshold - band (band 0.1)"
            + " background (class 0); pixels between do not count.")
    String masks;

    @Option(names = "--schedule", defaultValue = "constant", description = "Learning-rate schedule (listed below). Default: ${DEFAULT-VALUE}.")
    String schedule;

    @Option(names = "--schedule-options", defaultValue = "", paramLabel = "K=V,...",
            description = "Schedule options: step: step_size (30), gamma (0.1); exponential: gamma (0.95); cosine: eta_min (0).")
    String scheduleOptions;

    @Option(names = "--l2", defaultValue = "0", description = "L2 regularization (weight decay) of the weights, not biases.")
    double l2;

    @Option(names = "--l1", defaultValue = "0", description = "L1 regularization of the weights (with --l2: elastic net).")
    double l1;

    @Option(names = "--max-norm", defaultValue = "0", description = "Bound on each unit's incoming weight norm (0: none).")
    double maxNorm;

    @Option(names = "--augment", defaultValue = "", paramLabel = "K=V,...",
            description = "Augmentation: crop=PADDING, flip=P, erasing=P, mixup=ALPHA, rotate=DEGREES, zoom=F|MIN:MAX,"
                    + " resized-crop=MIN_AREA, brightness=B, contrast=C, saturation=S (RGB).")
    String augment;

    @Option(names = "--seed", defaultValue = "1")
    long seed;

    @Option(names = "--device", paramLabel = "D[,D...]", description = "Device index, type, name, or 'java';"
            + " several, separated by commas (0,1), train data-parallel on all of them.")
    String device;

    @Mixin
    StrictOption strictMode;

    @Mixin
    TransferOptions transfer;

    @Option(names = "--split", defaultValue = "even", paramLabel = "even|speed",
            description = "With several devices, how each batch is shared: evenly, or by each device's measured"
                    + " speed. Default: ${DEFAULT-VALUE}.")
    String split;

    @Option(names = "--out", paramLabel = "DIR", description = "Run directory (default runs/<arch>-<dataset>).")
    Path out;

    @Option(names = "--out-fresh", description = "When --out is in use or holds a run, train in the first free "
            + "sibling folder (DIR-2, DIR-3, ...) instead.")
    boolean outFresh;

    @Option(names = "--resume", description = "Continue the run in --out from its checkpoint.")
    boolean resume;

    @Option(names = "--limit", description = "Read only the first N images of the training split and the first N of"
            + " the test split (quick runs; the test accuracy is then of those N).")
    Integer limit;

    @Option(names = "--tensorboard", paramLabel = "DIR|none", description = "Where TensorBoard event files go (scalars,"
            + " the first convolution's filters, input samples, the curves; 'tensorboard --logdir DIR' shows them);"
            + " 'none' for none (a folder of that name: ./none). Default: the run directory.")
    Path tensorboard;
    @Option(names = "--spark", paramLabel = "MASTER", description = "Train data-parallel on an Apache Spark cluster"
            + " (local[2], spark://HOST:7077, yarn, ...): each of --workers tasks trains on its share of every batch on"
            + " its executor's device (--device there); needs the lamina-spark module (docs/distributed.md).")
    String spark;

    @Option(names = "--workers", defaultValue = "2", description = "With --spark, how many tasks share each batch."
            + " Default: ${DEFAULT-VALUE}.")
    int workers;

    @Option(names = "--spark-exchange", paramLabel = "KIND", description = "With --spark, how the workers' gradients"
            + " are summed each step: tree (Spark's treeAggregate to the driver), reduce (each to the driver), barrier"
            + " (a barrier stage's allGather), sharded (BigDL's all-reduce over the block manager). Default: sharded,"
            + " the cheapest measured for a large model on several workers (docs/distributed.md).")
    String sparkExchange;

    @Option(names = "--progress", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Show progress (bars on a terminal, lines otherwise).")
    boolean progress;

    @Override
    public Integer call() {
        eventsDir = null;
        Registry registry = shell.registry();
        Architecture architecture = registry.architecture(arch);
        Objective.Task taskKind = TrainObjective.task(task, architecture);
        var lossFn = registry.loss(loss != null ? loss : TrainObjective.defaultLoss(taskKind));
        TrainObjective.checkOptions(taskKind, Options.parse(masks), Options.parse(auxWeights));
        var opt = registry.optimizer(optimizer);
        var sched = registry.schedule(schedule);
        String optOptions = optimizerOptions != null ? optimizerOptions
                : opt.name().equals("sgd") ? SGD_DEFAULT_OPTIONS : "";
        BatchSplit.Mode splitMode = BatchSplit.Mode.parse(split);
        if (spark != null && Backends.isList(device)) {
            throw new IllegalArgumentException("--device " + device.strip() + " with --spark: each Spark executor opens"
                    + " one device; give one (index, type, name or java), or none for each executor's default");
        }
        if (sparkExchange != null) {
            DistributedTraining.Exchange.parse(sparkExchange); // a wrong name is reported before anything is loaded
        }
        // a bad device list is reported before anything is loaded
        List<Supplier<Backend>> several = Backends.isList(device) ? Backends.list(device) : null;
        // without the Spark module on the class path, say so before the data is read
        DistributedTraining cluster = spark != null ? DistributedTraining.find(getClass().getClassLoader(), "--spark")
                : null;
        boolean uri = dataOption != null && dataOption.matches("[a-zA-Z][a-zA-Z0-9+.-]+://.*");
        if (uri && cluster == null) {
            throw new IllegalArgumentException("--data " + dataOption + ": a Hadoop file system's URI is read with --spark"
                    + " only; give a local folder");
        }
        data = dataOption == null ? null : uri ? cluster.stage(dataOption) : Path.of(dataOption);
        Options augmentation = Options.parse(augment);
        augmentation.requireOnly("--augment", TrainingBatches.KEYS);
        checkValues(augmentation);
        if (taskKind != Objective.Task.CLASSIFY && augmentation.number("mixup", 0) > 0) {
            throw new IllegalArgumentException("--augment: mixup is for --task classify (it mixes class labels)");
        }
        if (taskKind != Objective.Task.CLASSIFY && valSplit != null) {
            throw new IllegalArgumentException("--val-split is for --task classify (this run's task is "
                    + taskKind.label() + ")");
        }
        Initializer weightInit = init == null ? null : named("--init", () -> Initializer.named(init));
        EarlyStopping stopping = checkWorkflow();
        // the schedule checks its options when it makes a run's rates: once now, before the data is read
        sched.rates(lr, epochs, Options.parse(scheduleOptions));
        Path runDir = out != null ? out : Path.of("runs", arch + "-" + datasetLabel());
        transfer.check(resume, spark != null);
        if (outFresh && resume) {
            throw new IllegalArgumentException("--out-fresh and --resume: a fresh folder has no run to resume;"
                    + " give one of them");
        }
        try (RunFolder owned = outFresh ? RunFolder.ownFresh(runDir) : RunFolder.own(runDir)) {
            if (!owned.dir().equals(runDir)) {
                System.out.println("note: " + runDir + " is in use or holds a run; training in " + owned.dir());
                runDir = owned.dir();
            }
            for (Path f : owned.cleaned()) {
                System.out.println("note: removed " + f.getFileName() + ", left by a write that was interrupted");
            }
            Path ckpt = Trainer.checkpointFile(runDir);
            Checkpoint previous = null;
            if (resume) {
                previous = Checkpoint.read(ckpt);
                String prevArch = previous.meta(Metadata.ARCHITECTURE);
                if (!prevArch.equals(architecture.name()) || !previous.meta(Metadata.DATASET).equals(dataset)) {
                    throw new IllegalArgumentException("--resume: " + ckpt + " is a run of " + prevArch + " on "
                            + previous.meta(Metadata.DATASET) + ", not of " + architecture.name() + " on " + dataset);
                }
                // Another optimizer's state would be read as this one's: refuse before loading anything.
                String prevOpt = previous.meta(Metadata.OPTIMIZER, opt.name());
                if (!prevOpt.equals(opt.name())) {
                    throw new IllegalArgumentException("--resume: " + ckpt + " was trained with optimizer " + prevOpt
                            + ", not " + opt.name() + "; resume with --optimizer " + prevOpt + " or start afresh");
                }
                // Other architecture options would build another network and rewrite the metadata: refuse.
                String prevArchOpts = previous.options(Metadata.ARCHITECTURE_OPTIONS).toString();
                String wantedArchOpts = Options.parse(archOptions).toString();
                if (!sorted(prevArchOpts).equals(sorted(wantedArchOpts))) {
                    throw new IllegalArgumentException("--resume: " + ckpt + " was trained with --arch-options '"
                            + prevArchOpts + "', not '" + wantedArchOpts + "'; resume with --arch-options '"
                            + prevArchOpts + "' or start afresh");
                }
                // another split would validate on images trained on before: refuse
                String prevSplit = previous.meta(Metadata.VALIDATION_SPLIT, "none");
                if (!prevSplit.equals(valSplit == null ? "none" : valSplit.strip())) {
                    throw new IllegalArgumentException("--resume: " + ckpt + " was trained with --val-split " + prevSplit
                            + ", not " + (valSplit == null ? "none" : valSplit.strip()) + "; resume with the same split");
                }
                // malformed counters and non-finite values are reported before the dataset is read
                Metadata.Progress.of(previous);
                String prevTask = previous.meta(Metadata.TASK, "classify");
                if (!prevTask.equals(taskKind.label())) {
                    throw new IllegalArgumentException("--resume: " + ckpt + " was trained with --task " + prevTask
                            + ", not " + taskKind.label());
                }
                previous.requireFinite();
                transfer.resume(previous, ckpt);
            } else if (Files.exists(ckpt)) {
                System.out.println("note: starting afresh; " + ckpt + " will be replaced after the first epoch"
                        + " (use --resume to continue it)");
            }

            // with --limit only the first images of each split are read: a huge images file costs nothing
            int bound = limit != null ? limit : Integer.MAX_VALUE;
            Datasets.Split split = load(bound);
            Path dataDir = folder ? Datasets.folder(dataset, data) : data != null ? data : Datasets.defaultDirectory(dataset);
            if (split.test() == null && valSplit == null) {
                throw new IllegalArgumentException("--dataset " + dataset + ": " + dataDir + " has no test folder; give"
                        + " --val-split to hold out images to evaluate on, or add " + dataDir.resolve("test") + "/<class>/");
            }
            ValidationSplit held = null;
            if (valSplit != null) {
                held = ValidationSplit.of(split.train(), valSplit, seed);
                if (previous != null && !previous.meta(Metadata.VALIDATION_FINGERPRINT, "").equals(held.fingerprint())) {
                    throw new IllegalArgumentException("--resume: the validation images drawn now differ from those of "
                            + ckpt + " (the data, --limit or --seed changed); resume with the same ones or start afresh");
                }
                split = new Datasets.Split(held.train(), split.test(), split.normalization());
            }
            if (taskKind == Objective.Task.RECONSTRUCT) {
                // reconstructions of pixels in [0, 1]: a sigmoid output fits them and PSNR has peak 1
                split = new Datasets.Split(split.train(), split.test(),
                        Normalization.identity(split.train().channels()));
            }
            ImageDataset train = split.train();
            if (augmentation.number("saturation", 0) > 0 && train.channels() != 3) {
                throw new IllegalArgumentException("--augment: saturation needs RGB images; " + dataset + " has "
                        + train.channels() + " channel" + (train.channels() == 1 ? " (grey)" : "s"));
            }
            int[] inputShape = {train.channels(), train.height(), train.width()};
            // a segmentation's classes are the masks' (background, item), not the dataset's labels
            int classes = TrainObjective.classes(taskKind, train);
            if (previous != null) {
                // images of another size or classes would meet the checkpoint's tensors as a shape mismatch
                int[] trained = previous.sizes(Metadata.INPUT_SHAPE);
                int trainedClasses = previous.count(Metadata.CLASSES);
                if (!Arrays.equals(trained, inputShape) || trainedClasses != classes) {
                    throw new IllegalArgumentException("--resume: " + ckpt + " was trained on " + shape(trained)
                            + " images of " + trainedClasses + " classes, but " + dataset + " in " + dataDir
                            + " holds " + shape(inputShape) + " images of " + classes + " classes");
                }
            }
            int crop = augmentation.integer("crop", 0);
            if (crop >= Math.min(train.height(), train.width())) {
                throw new IllegalArgumentException("--augment: crop=" + crop + " is not smaller than the "
                        + train.height() + "x" + train.width() + " images of " + dataset);
            }
            DataLoader trainLoader = TrainingBatches.loader(split, batchSize, seed, augmentation);
            // Testing holds less per image than training, but a device that fits only small training batches
            // must not fail at the first test (after an epoch's work): test in batches no larger than training's.
            int testBatch = Math.min(TEST_BATCH, batchSize);
            DataLoader testLoader = split.test() == null ? null
                    : DataLoader.of(split.test(), testBatch).normalize(split.normalization()).build();
            DataLoader valLoader = held == null ? null
                    : DataLoader.of(held.validation(), testBatch).normalize(split.normalization()).build();
            Options archOpts = Options.parse(archOptions);
            Network net;
            try {
                net = architecture.build(inputShape, classes, archOpts);
            } catch (IllegalArgumentException e) {
                if (!e.getMessage().startsWith("graph ")) {
                    throw e; // an option the architecture refuses, named by it
                }
                // a layer's shape rule failed: the architecture cannot take these images; say so before any
                // training, naming the data
                throw new IllegalArgumentException("--arch " + architecture.name() + (archOpts.toString().isEmpty() ? ""
                        : " --arch-options " + archOpts) + " cannot take the " + shape(inputShape) + " images of "
                        + dataset + " in " + dataDir + ": " + e.getMessage(), e);
            }
            if (weightInit != null) {
                net = net.withWeightInitializer(weightInit);
            }
            net = transfer.apply(net);

            Objective objective = TrainObjective.objective(taskKind, architecture, net, lossFn,
                    split.normalization(), Options.parse(masks), Options.parse(auxWeights));
            Map<String, String> meta = new LinkedHashMap<>();
            new Metadata.Build(architecture.name(), archOpts, inputShape, classes).into(meta);
            new Metadata.Data(dataset, TrainObjective.classNames(taskKind, train), split.normalization().mean(), split.normalization().std())
                    .into(meta);
            meta.put(Metadata.OPTIMIZER, opt.name());
            meta.put(Metadata.OPTIMIZER_OPTIONS, optOptions);
            meta.put(Metadata.LOSS, lossFn.name());
            meta.put(Metadata.LEARNING_RATE, Double.toString(lr));
            meta.put(Metadata.BATCH_SIZE, Integer.toString(batchSize));
            if (weightInit != null) {
                meta.put(Metadata.WEIGHT_INIT, weightInit.describe());
            }
            if (held != null) {
                meta.put(Metadata.VALIDATION_SPLIT, valSplit.strip());
                meta.put(Metadata.VALIDATION_IMAGES, Integer.toString(held.validation().count()));
                meta.put(Metadata.VALIDATION_FINGERPRINT, held.fingerprint());
            }
            if (folder) {
                meta.put(Metadata.IMAGE_FIT, imageSize == null ? "none" : imageFit);
            }
            transfer.metadata(meta);

            List<Regularizer> regs = new ArrayList<>();
            if (l1 > 0 && l2 > 0) {
                regs.add(Regularizer.elasticNet(l1, l2));
            } else if (l1 > 0) {
                regs.add(Regularizer.l1(l1));
            } else if (l2 > 0) {
                regs.add(Regularizer.l2(l2));
            }
            if (maxNorm > 0) {
                regs.add(Regularizer.maxNorm(maxNorm));
            }
            Trainer.Settings settings = new Trainer.Settings(epochs, lr, sched, Options.parse(scheduleOptions), seed,
                    runDir, regs, testBatch);
            String banner = String.format("Training %s on %s (%,d images, %d classes%s%s) on %%s: %d epochs, batch %d, %s lr %s",
                    architecture.name(), dataset, train.count(), classes,
                    held == null ? "" : String.format("; %,d held out for validation", held.validation().count()),
                    limit == null || split.test() == null ? ""
                            : String.format("; tested on the first %,d test images", split.test().count()),
                    epochs, batchSize, opt.name(), lr);
            Map<Class<?>, String> used = Map.of(Architecture.class, architecture.name(), Loss.class,
                    lossFn.name(), Optimizer.class, opt.name(),
                    LearningRateSchedule.class, sched.name());
            if (cluster != null) {
                DistributedTraining.Job job = new DistributedTraining.Job(spark, workers, device, architecture.name(),
                        archOpts.toString(), inputShape, train.classes(), lossFn.name(), runDir.getFileName().toString(),
                        // the executors read the training data themselves, from where the driver did
                        new DistributedTraining.Data(dataset, dataOption == null ? null : uri ? dataOption
                                : Path.of(dataOption).toAbsolutePath().toString(), bound, seed, batchSize, augment),
                        sparkExchange == null ? DistributedTraining.Exchange.DEFAULT
                                : DistributedTraining.Exchange.parse(sparkExchange)).with(objective);
                // the driver's model takes the optimizer steps, tests after each epoch and is checkpointed
                try (StrictOption.Scope strictScope = strictMode.apply(); Backend backend = Backends.open(device);
                        Model model = new Model(net, backend, seed);
                        Updater updater = opt.create(Options.parse(optOptions));
                        GradientExchange exchange = cluster.open(job)) {
                    meta.put(Metadata.DEVICE, exchange.describe());
                    transfer.load(model, true);
                    System.out.println(String.format(banner, exchange.describe() + ", the optimizer step on the driver's "
                            + backend.device()));
                    Trainer.Listener listener = listener(null);
                    try (TensorBoardListener events = events(runDir, d -> TensorBoardListener.of(d, model, listener),
                            train)) {
                        Trainer trainer = new Trainer(new Executor(model), updater, exchange, objective, trainLoader,
                                testLoader, settings, meta, events != null ? events : listener);
                        int status = train(trainer, registry, used, previous, ckpt, workers + " Spark workers");
                        if (!exchange.summary().isEmpty()) {
                            System.out.println(exchange.summary());
                        }
                        return status;
                    }
                }
            }
            if (several != null) {
                try (StrictOption.Scope strictScope = strictMode.apply();
                        Replicas replicas = Replicas.open(several, net, seed, () -> opt.create(Options.parse(optOptions)),
                        splitMode)) {
                    String devices = replicas.size() + " devices (" + replicas.devices() + "; batches split " + splitMode
                            + ")";
                    meta.put(Metadata.DEVICE, replicas.devices());
                    replicas.callAll(r -> {
                        transfer.load(r.model(), r.index() == 0);
                        return null;
                    });
                    System.out.println(String.format(banner, devices));
                    Trainer.Listener listener = listener("devices " + device.strip());
                    try (TensorBoardListener events = events(runDir, d -> TensorBoardListener.of(d, replicas, listener),
                            train)) {
                        Trainer trainer = new Trainer(replicas, objective, trainLoader, testLoader, settings, meta,
                                events != null ? events : listener);
                        if (valLoader != null) {
                            trainer.validateOn(valLoader, stopping);
                        }
                        return train(trainer, registry, used, previous, ckpt, devices);
                    }
                }
            }
            try (StrictOption.Scope strictScope = strictMode.apply(); Backend backend = Backends.open(device);
                    Model model = new Model(net, backend, seed);
                    Updater updater = opt.create(Options.parse(optOptions))) {
                meta.put(Metadata.DEVICE, backend.device());
                transfer.load(model, true);
                System.out.println(String.format(banner, backend.device()));
                Trainer.Listener listener = listener(null);
                try (TensorBoardListener events = events(runDir, d -> TensorBoardListener.of(d, model, listener), train)) {
                    Trainer trainer = new Trainer(new Executor(model), objective, updater, trainLoader, testLoader,
                            settings, meta, events != null ? events : listener);
                    if (valLoader != null) {
                        trainer.validateOn(valLoader, stopping);
                    }
                    return train(trainer, registry, used, previous, ckpt, backend.device());
                }
            }
        }
    }

    /**
     * The TensorBoard event file of this run (in --tensorboard, else the run folder), passing the
     * progress on; null with --tensorboard none.
     */
    private TensorBoardListener events(Path runDir, Function<Path, TensorBoardListener> open,
            ImageDataset train) {
        if (tensorboard != null && tensorboard.toString().equals(NO_EVENTS)) {
            return null;
        }
        eventsDir = tensorboard != null ? tensorboard : runDir;
        return open.apply(eventsDir).samples(train, SAMPLES).curves(runDir.resolve("curves.png"));
    }

    /** Whether --dataset is a folder of class folders. */
    private boolean folder;

    /** The dataset's name in the default run folder: a folder dataset's folder name. */
    private String datasetLabel() {
        if (!Datasets.isFolder(dataset)) {
            return dataset.toLowerCase(Locale.ROOT);
        }
        Path f = Datasets.folder(dataset, data).toAbsolutePath().normalize();
        return "folder-" + (f.getFileName() == null ? "root" : f.getFileName().toString());
    }

    /** The dataset: a named one, or a folder of class folders brought to --image-size and --channels. */
    private Datasets.Split load(int bound) {
        if (!folder) {
            return Datasets.load(dataset, data, bound, bound);
        }
        int[] size = imageSize == null ? new int[2] : named("--image-size", () -> FolderDataset.Options.size(imageSize));
        FolderDataset.Fit fit = named("--image-fit", () -> FolderDataset.Fit.parse(imageFit));
        return named("--dataset " + dataset, () -> FolderDataset.load(Datasets.folder(dataset, data),
                new FolderDataset.Options(size[0], size[1], channels == null ? 0 : channels, fit), bound, bound));
    }

    /** {@code make}'s value; its error prefixed by the option's name. */
    private static <T> T named(String option, Supplier<T> make) {
        try {
            return make.get();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + ": " + e.getMessage(), e);
        }
    }

    /**
     * Checks the options of the validation split, early stopping and folder datasets; the early
     * stopping to use with --val-split (patience 0 without --early-stop: the best epoch only).
     */
    private EarlyStopping checkWorkflow() {
        folder = Datasets.isFolder(dataset);
        if (!folder && (imageSize != null || channels != null)) {
            throw new IllegalArgumentException((imageSize != null ? "--image-size" : "--channels") + " is for folder"
                    + " datasets (--dataset folder:PATH); " + dataset + " has images of one size");
        }
        if (channels != null && channels != 1 && channels != 3) {
            throw new IllegalArgumentException("--channels: " + channels + " is not 1 (grey) or 3 (RGB)");
        }
        if (spark != null && (folder || valSplit != null)) {
            throw new IllegalArgumentException((folder ? "--dataset " + dataset : "--val-split") + " with --spark: the"
                    + " executors read the named datasets whole; train on one machine for this");
        }
        if (valSplit != null) {
            // the size is checked against the data once it is read; its form now
            named("--val-split", () -> ValidationSplit.count(valSplit, Integer.MAX_VALUE));
        }
        if (valSplit == null && earlyStop != null) {
            throw new IllegalArgumentException("--early-stop needs --val-split: early stopping watches the validation"
                    + " images, never the test set");
        }
        if (earlyStop != null && earlyStop < 1) {
            throw new IllegalArgumentException("--early-stop: " + earlyStop + " is not a patience (give 1 or more"
                    + " epochs)");
        }
        return named("--early-stop", () -> EarlyStopping.of(earlyStopMetric, earlyStopMode,
                earlyStop == null ? 0 : earlyStop, earlyStopMinDelta));
    }

    /** Refuses values that would otherwise be ignored or misread, naming the option and the value. */
    private void checkValues(Options augmentation) {
        if (out != null && out.toString().isBlank()) {
            throw new IllegalArgumentException("--out: '" + out + "' is not a folder name (leave --out out for runs/"
                    + arch + "-" + dataset.toLowerCase(Locale.ROOT) + ")");
        }
        if (tensorboard != null && (tensorboard.toString().isBlank()
                || Files.exists(tensorboard) && !Files.isDirectory(tensorboard))) {
            throw new IllegalArgumentException("--tensorboard: '" + tensorboard + "' is " + (tensorboard.toString()
                    .isBlank() ? "not a folder name" : "a file, not a folder") + " (give the folder for the event files)");
        }
        if (data != null && Files.exists(data) && !Files.isDirectory(data)) {
            throw new IllegalArgumentException("--data: " + data + " is a file, not a folder (give the folder that"
                    + " holds the dataset's files)");
        }
        if (limit != null && limit < 1) {
            throw new IllegalArgumentException("--limit: " + limit + " is not a number of images (give 1 or more, or"
                    + " leave --limit out to train on all)");
        }
        if (epochs < 1) {
            throw new IllegalArgumentException("--epochs: " + epochs + " is not a number of epochs (give 1 or more)");
        }
        if (spark == null && workers != 2) {
            throw new IllegalArgumentException("--workers is for training on a cluster: give --spark MASTER too");
        }
        if (spark == null && sparkExchange != null) {
            throw new IllegalArgumentException("--spark-exchange is for training on a cluster: give --spark MASTER too");
        }
        if (workers < 1) {
            throw new IllegalArgumentException("--workers: " + workers + " is not a number of workers (give 1 or more)");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("--batch-size: " + batchSize + " is not a batch size (give 1 or more)");
        }
        nonNegative("--l2", l2);
        nonNegative("--l1", l1);
        nonNegative("--max-norm", maxNorm);
        if (!(lr > 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException("--lr: " + lr + " is not a learning rate (give a positive number)");
        }
        if (augmentation.has("crop") && augmentation.integer("crop", 0) < 0) {
            throw new IllegalArgumentException("--augment: crop=" + augmentation.integer("crop", 0)
                    + " is negative (the padding, in pixels, of the random crop)");
        }
        for (String p : new String[] {"flip", "erasing"}) {
            double v = augmentation.has(p) ? augmentation.number(p, 0.5) : 0.5;
            if (!(v >= 0 && v <= 1)) {
                throw new IllegalArgumentException("--augment: " + p + "=" + v + " is not a probability (0 to 1)");
            }
        }
        double rotate = augmentation.number("rotate", 0);
        if (!(rotate >= 0 && rotate <= 180)) {
            throw new IllegalArgumentException("--augment: rotate=" + rotate + " is not a largest angle (0 to 180"
                    + " degrees)");
        }
        if (augmentation.has("zoom")) {
            double[] z = TrainingBatches.zoom(augmentation.string("zoom", ""));
            if (!(z[0] > 0 && z[0] <= z[1]) || Double.isInfinite(z[1])) {
                throw new IllegalArgumentException("--augment: zoom=" + augmentation.string("zoom", "")
                        + " is not a range of factors 0 < MIN <= MAX");
            }
        }
        double area = augmentation.number("resized-crop", 0.08);
        if (!(area > 0 && area <= 1)) {
            throw new IllegalArgumentException("--augment: resized-crop=" + area + " is not a smallest area fraction"
                    + " (above 0, at most 1)");
        }
        for (String j : new String[] {"brightness", "contrast", "saturation"}) {
            double v = augmentation.number(j, 0);
            if (!(v >= 0) || Double.isInfinite(v)) {
                throw new IllegalArgumentException("--augment: " + j + "=" + v + " is not a strength (0 or more: factors"
                        + " from max(0, 1-x) to 1+x)");
            }
        }
        double mixup = augmentation.number("mixup", 0);
        if (!(mixup >= 0) || Double.isInfinite(mixup)) {
            throw new IllegalArgumentException("--augment: mixup=" + mixup + " is not an alpha (0 or more)");
        }
    }

    private static List<String> sorted(String options) {
        return Arrays.stream(options.split(",")).filter(o -> !o.isBlank()).sorted().toList();
    }

    private static void nonNegative(String option, double v) {
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(option + ": " + v + " is not a strength (give 0 for none, or more)");
        }
    }

    private Trainer.Listener listener(String devices) {
        return progress ? new Progress(System.out, System.console() != null, devices) : new Trainer.Listener() {
        };
    }

    /** Runs {@code trainer} (resuming from {@code previous} when given) and reports; the exit code. */
    private int train(Trainer trainer, Registry registry, Map<Class<?>, String> used, Checkpoint previous, Path ckpt,
            String devices) {
        // A plugin this run uses may be removed from the container while it runs: finish the step, stop.
        Registry.Listener removal = (kind, name, added) -> {
            if (!added && name.equals(used.get(kind))) {
                trainer.requestStop(PluginKind.of(kind).label() + " '" + name + "' was removed (its plugin went away)");
            }
        };
        registry.addListener(removal);
        Trainings.started(trainer);
        if (previous != null) {
            trainer.restore(previous);
            System.out.println("Resuming after epoch " + previous.meta(Metadata.EPOCH) + " of " + ckpt);
            if (previous.optimizerStateMissing()) {
                System.out.println("note: " + ckpt + " was saved with " + previous.meta(Checkpoint.OPTIMIZER_TENSORS)
                        + " optimizer tensors but holds none; the optimizer's state (momentum, averages) starts from"
                        + " zero");
            }
        }
        Trainer.Result r;
        try {
            r = trainer.run(previous);
        } catch (TrainingStopped e) {
            System.err.println("lamina: " + e.getMessage());
            return 1;
        } catch (AllocationTooLarge e) {
            // the run stops here; the checkpoint of the last whole epoch stays as it was
            boolean batchSized = e.getMessage().contains(", batch ") || e.getMessage().contains("input batch");
            throw new IllegalArgumentException(e.getMessage() + (batchSized ? "; train with a smaller --batch-size"
                    : "; train on a device that allocates more at once"), e);
        } finally {
            registry.removeListener(removal);
            Trainings.ended(trainer);
        }
        if (r.epochs().isEmpty()) {
            System.out.println("Nothing to do: the checkpoint already covers " + epochs + " epochs.");
            return 0;
        }
        var last = r.last();
        double rate = r.epochs().stream().mapToDouble(s -> s.imagesPerSecond()).average().orElse(0);
        if (r.stoppedEarly() != null) {
            System.out.println(r.stoppedEarly().substring(0, 1).toUpperCase(Locale.ROOT) + r.stoppedEarly().substring(1)
                    + ".");
        }
        if (last.validated()) {
            System.out.printf("Validation accuracy %.2f%% (top-5 %.2f%%) after %d epochs on %s; training %,.0f"
                    + " images/s.%n", 100 * last.valTop1(), 100 * last.valTop5(), last.epoch(), devices, rate);
            var t = r.finalTest();
            System.out.println(t == null ? "No test set: nothing was tested."
                    : String.format("Test accuracy %.2f%% (top-5 %.2f%%, loss %.4f) of epoch %d, the best by %s,"
                            + " tested once (test.csv).", 100 * t.top1(), 100 * t.top5(), t.loss(), t.epoch(),
                            earlyStopMetric));
        } else {
            System.out.printf("%s after %d epochs on %s; training %,.0f images/s.%n",
                    TrainObjective.result(TrainObjective.task(task, shell.registry().architecture(arch)), last),
                    last.epoch(), devices, rate);
        }
        System.out.println("Checkpoint " + r.checkpoint() + (last.validated() ? ", best "
                + Trainer.bestCheckpointFile(r.checkpoint().getParent()) : "") + ", log " + r.log() + ", curves "
                + r.plot() + (eventsDir == null ? "" : ", TensorBoard events in " + eventsDir));
        return 0;
    }

    /**
     * The help's list of the installed architectures, losses, optimizers and schedules, each with what
     * its plugin says of it (for optimizers: their options and defaults). Made when the help is shown,
     * so that it lists what the registry holds then.
     */
    static String pluginList(Registry r) {
        StringBuilder sb = new StringBuilder();
        section(sb, "Optimizers (--optimizer NAME --optimizer-options K=V,...)", r.list(Optimizer.class));
        section(sb, "Losses (--loss NAME)", r.list(Loss.class));
        section(sb, "Architectures (--arch NAME --arch-options K=V,...)", r.list(Architecture.class));
        section(sb, "Schedules (--schedule NAME --schedule-options K=V,...)",
                r.list(LearningRateSchedule.class));
        return sb.toString();
    }

    private static void section(StringBuilder sb, String title, List<? extends Registry.Entry<? extends Plugin>> entries) {
        sb.append('\n').append(title).append(':').append(entries.isEmpty() ? " none installed" : "").append('\n');
        for (Registry.Entry<? extends Plugin> e : entries) {
            sb.append(String.format("  %-14s %s%n", e.name(), e.service().description()).stripTrailing()).append('\n');
        }
    }

    /** {@code 1x28x28}. */
    static String shape(int[] v) {
        return Metadata.join(v).replace(',', 'x');
    }
}
