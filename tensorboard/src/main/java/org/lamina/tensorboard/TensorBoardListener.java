package org.lamina.tensorboard;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import javax.imageio.ImageIO;
import org.lamina.data.ImageDataset;
import org.lamina.exec.Model;
import org.lamina.graph.Network;
import org.lamina.inspect.FilterGrid;
import org.lamina.train.EpochStats;
import org.lamina.train.Replicas;
import org.lamina.train.Trainer;
import org.lamina.visual.Images;

/**
 * Writes a training run's progress as TensorBoard events ({@link EventFileWriter}) while passing
 * every call on to another listener (the progress bars, say). Give it to a {@link Trainer} and
 * close it when the run ends.
 *
 * <p>Every event's step is the training step (batches since the start, as the trainer counts them,
 * and so the same after a resume): {@code batch/loss} and {@code batch/images_per_second} (from
 * the time since the previous batch was done; the trainer stays a step ahead of the device, so a
 * single step's figure is rough, their mean is not) after each batch; at the end of each epoch
 * {@code loss/train}, {@code loss/test}, {@code accuracy/train}, {@code accuracy/test},
 * {@code top5/train}, {@code top5/test}, {@code learning_rate}, {@code images_per_second},
 * {@code train_seconds} and {@code epoch}, the image {@code filters/NAME} of the first convolution's
 * weight {@code NAME}, and the image {@code curves} of the run's PNG curves. At the start, step 0,
 * the filters as initialized and the image {@code samples} of a few training images. The events are
 * flushed to the disk after each epoch. A resumed run starts a new file that begins with a
 * session start at its first step, so that TensorBoard drops the steps the interrupted run logged
 * after its last checkpoint.
 */
public final class TensorBoardListener implements Trainer.Listener, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(TensorBoardListener.class.getName());

    private final EventFileWriter writer;
    private final Trainer.Listener next;
    private final Network network;
    private final Function<String, float[]> parameters;
    private ImageDataset samples;
    private int sampleCount;
    private Path curves;
    private int epoch;
    private int batches;
    private boolean started;
    /** When the previous batch was done, or the epoch started (System.nanoTime). */
    private long lastBatch;

    private TensorBoardListener(Path dir, Network network, Function<String, float[]> parameters,
            Trainer.Listener next) {
        this.network = network;
        this.parameters = parameters;
        this.next = next != null ? next : new Trainer.Listener() {
        };
        this.writer = EventFileWriter.create(dir);
    }

    /**
     * Events of a training on one device, in a new event file in {@code dir}; the filters are read
     * from {@code model}.
     *
     * @param next told everything this listener is told; null for no one
     */
    public static TensorBoardListener of(Path dir, Model model, Trainer.Listener next) {
        return new TensorBoardListener(dir, model.network(), name -> model.param(name).toArray(), next);
    }

    /** Events of a data-parallel training; the filters are read from the first replica (all are equal). */
    public static TensorBoardListener of(Path dir, Replicas replicas, Trainer.Listener next) {
        return new TensorBoardListener(dir, replicas.network(),
                name -> replicas.call(0, r -> r.model().param(name).toArray()), next);
    }

    /** Scalars only: no filters. */
    public static TensorBoardListener scalarsOnly(Path dir, Trainer.Listener next) {
        return new TensorBoardListener(dir, null, null, next);
    }

    /** Shows the first {@code n} images of {@code data} once, at step 0 (a new run only). */
    public TensorBoardListener samples(ImageDataset data, int n) {
        this.samples = data;
        this.sampleCount = n;
        return this;
    }

    /** Adds the PNG at {@code png} (the run's {@code curves.png}) as an image after each epoch. */
    public TensorBoardListener curves(Path png) {
        this.curves = png;
        return this;
    }

    /** The event file being written. */
    public Path file() {
        return writer.file();
    }

    @Override
    public void epochStarted(int epoch, int epochs, int batches) {
        this.epoch = epoch;
        this.batches = batches;
        if (!started) {
            started = true;
            if (epoch > 1) {
                writer.sessionStart(step(0) + 1);
            } else {
                if (samples != null && sampleCount > 0) {
                    writer.image("samples", 0, sampleGrid(samples, sampleCount));
                }
                filters(0);
            }
            writer.flush();
        }
        lastBatch = System.nanoTime();
        next.epochStarted(epoch, epochs, batches);
    }

    @Override
    public void batchDone(int batch, int images, double loss) {
        long now = System.nanoTime();
        writer.scalar("batch/loss", step(batch), loss);
        if (now > lastBatch) {
            writer.scalar("batch/images_per_second", step(batch), images * 1e9 / (now - lastBatch));
        }
        lastBatch = now;
        next.batchDone(batch, images, loss);
    }

    @Override
    public void evaluationStarted(int batches) {
        next.evaluationStarted(batches);
    }

    @Override
    public void evaluationBatchDone(int batch) {
        next.evaluationBatchDone(batch);
    }

    @Override
    public void epochDone(EpochStats s) {
        long step = (long) s.epoch() * batches;
        // with a validation split the epochs are evaluated on it, and the test set only after training
        String evaluated = s.validated() ? "validation" : "test";
        writer.scalar("loss/train", step, s.trainLoss());
        writer.scalar("loss/" + evaluated, step, s.validated() ? s.valLoss() : s.testLoss());
        writer.scalar("accuracy/train", step, s.trainTop1());
        writer.scalar("accuracy/" + evaluated, step, s.validated() ? s.valTop1() : s.testTop1());
        writer.scalar("top5/train", step, s.trainTop5());
        writer.scalar("top5/" + evaluated, step, s.validated() ? s.valTop5() : s.testTop5());
        writer.scalar("learning_rate", step, s.learningRate());
        writer.scalar("images_per_second", step, s.imagesPerSecond());
        writer.scalar("train_seconds", step, s.trainSeconds());
        writer.scalar("epoch", step, s.epoch());
        // a dense task's measures and each loss term: train_mean_iou as mean_iou/train, beside loss/train
        s.extra().forEach((name, v) -> {
            int cut = name.indexOf('_');
            writer.scalar(cut < 0 ? name : name.substring(cut + 1) + "/" + name.substring(0, cut), step, v);
        });
        filters(step);
        if (curves != null && Files.isRegularFile(curves)) {
            try {
                writer.image("curves", step, ImageIO.read(curves.toFile()));
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "TensorBoard events: cannot read " + curves + ": " + e.getMessage());
            }
        }
        writer.flush();
        next.epochDone(s);
    }

    /** The training step of the epoch's {@code batch}th batch (1-based; 0: before the epoch's first). */
    private long step(int batch) {
        return (long) (epoch - 1) * batches + batch;
    }

    /** The first convolution's filters, if the network has one. */
    private void filters(long step) {
        if (network == null) {
            return;
        }
        for (Network.Param p : network.parameters()) {
            if (p.spec().trainable() && p.spec().shape().length == 4) {
                int[] shape = p.spec().shape();
                writer.image("filters/" + p.name(), step, FilterGrid.of(p.name(), parameters.apply(p.name()), shape)
                        .image(zoom(shape[2], shape[3], 48), 1));
                return;
            }
        }
    }

    /**
     * The first {@code n} images of {@code data} as they are stored (before normalization), in a
     * square grid: grey for one channel, colour for three, the first channel otherwise.
     */
    static BufferedImage sampleGrid(ImageDataset data, int n) {
        n = Math.min(n, data.count());
        if (n < 1) {
            throw new IllegalArgumentException("samples: " + data.name() + " has no image to show");
        }
        int h = data.height(), w = data.width(), channels = data.channels() == 3 ? 3 : 1;
        byte[] px = data.pixels();
        List<BufferedImage> tiles = new ArrayList<>();
        float[] image = new float[channels * h * w];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < image.length; k++) {
                image[k] = (px[i * data.imageSize() + k] & 0xff) / 255f;
            }
            tiles.add(Images.fromChw(image, 0, channels, h, w, 0f, 1f));
        }
        return Images.grid(tiles, (int) Math.ceil(Math.sqrt(n)), zoom(h, w, 56), 1);
    }

    /** How much to enlarge a tile so that its longer side is about {@code target} pixels. */
    static int zoom(int h, int w, int target) {
        return Math.max(1, target / Math.max(h, w));
    }

    @Override
    public void close() {
        try {
            writer.close();
        } catch (UncheckedIOException e) {
            LOG.log(System.Logger.Level.WARNING, e.getMessage());
        }
    }
}
