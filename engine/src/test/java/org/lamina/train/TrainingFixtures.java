package org.lamina.train;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BiFunction;
import java.util.function.IntToDoubleFunction;
import org.lamina.backend.Backend;
import org.lamina.backend.LossOps;
import org.lamina.data.DataLoader;
import org.lamina.data.ImageDataset;
import org.lamina.data.Normalization;
import org.lamina.ops.SoftmaxCrossEntropy;
import org.lamina.optim.SgdParams;
import org.lamina.spi.LearningRateSchedule;
import org.lamina.spi.Loss;
import org.lamina.spi.Options;
import org.lamina.spi.Updater;
import org.lamina.tensor.Tensor;

/**
 * What the training tests share: a small synthetic set of 8x8 images in {@link #CLASSES} classes,
 * cross-entropy as a {@link Loss}, SGD (with momentum or without) as an {@link Updater}, and settings with a
 * constant learning rate, so that a test names only what it varies. The engine's test jar shares them
 * with the modules above it (tensorboard).
 */
public final class TrainingFixtures {
    public static final int CLASSES = 4;

    private TrainingFixtures() {
    }

    /** {@code count} 1x8x8 images: noise with a bright row per class (row 2 * label). */
    public static ImageDataset data(int count, long seed) {
        Random rnd = new Random(seed);
        byte[] pixels = new byte[count * 64];
        byte[] labels = new byte[count];
        for (int i = 0; i < count; i++) {
            labels[i] = (byte) rnd.nextInt(CLASSES);
            for (int j = 0; j < 64; j++) {
                int v = rnd.nextInt(80) + (j / 8 == 2 * labels[i] ? 160 : 0);
                pixels[i * 64 + j] = (byte) Math.min(255, v);
            }
        }
        return new ImageDataset("synthetic", count, 1, 8, 8, pixels, labels, List.of("a", "b", "c", "d"));
    }

    /** Batches of {@code d}, shuffled with a fixed seed and normalized. */
    public static DataLoader loader(ImageDataset d, int batch) {
        return DataLoader.of(d, batch).shuffle(9).normalize(Normalization.of(0.3f, 0.3f)).build();
    }

    /** Softmax cross-entropy over class labels. */
    public static final Loss CROSS_ENTROPY = loss("cross-entropy",
            (output, labels) -> new SoftmaxCrossEntropy().forward(output, labels));

    /** The loss {@code name} that {@code op} computes: its loss and input gradient (a target gradient closed). */
    public static Loss loss(String name, BiFunction<Tensor, Tensor, LossOps.Result> op) {
        return new Loss() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Result evaluate(Tensor output, Tensor target) {
                LossOps.Result r = op.apply(output, target);
                if (r.gradTarget() != null) {
                    r.gradTarget().close();
                }
                return new Result(r.loss(), r.gradInput());
            }
        };
    }

    /** The base rate every epoch. */
    public static final LearningRateSchedule CONSTANT = new LearningRateSchedule() {
        @Override
        public String name() {
            return "constant";
        }

        @Override
        public IntToDoubleFunction rates(double base, int epochs, Options options) {
            return epoch -> base;
        }
    };

    /** {@code epochs} at a constant {@code learningRate}, seed 5, runs in {@code dir}. */
    public static Trainer.Settings settings(Path dir, int epochs, double learningRate, List<Regularizer> regularizers,
            int evalBatchSize) {
        return new Trainer.Settings(epochs, learningRate, CONSTANT, Options.parse(""), 5, dir, regularizers,
                evalBatchSize);
    }

    /** SGD with momentum 0.9. */
    public static Sgd momentum() {
        return new Sgd(0.9);
    }

    /**
     * SGD through the backend's kernel, its buffers made on the parameters' backend on first use; with
     * momentum they are its state (in checkpoints), without it there is none.
     */
    public static final class Sgd implements Updater {
        private final double momentum;
        private final Map<String, Tensor> buffers = new HashMap<>();

        public Sgd(double momentum) {
            this.momentum = momentum;
        }

        @Override
        public void step(List<Param> params, double learningRate, int step) {
            SgdParams sgd = momentum == 0 ? SgdParams.of(learningRate)
                    : SgdParams.of(learningRate).withMomentum(momentum);
            for (Param p : params) {
                Backend b = p.value().backend();
                Tensor m = buffers.computeIfAbsent(p.name(), k -> b.zeros(p.value().dims()));
                b.optimizers().sgd(p.value(), p.gradient(), m, sgd, step);
            }
        }

        @Override
        public Map<String, Tensor> state() {
            if (momentum == 0) {
                return Map.of();
            }
            Map<String, Tensor> out = new HashMap<>();
            buffers.forEach((k, v) -> out.put(k + ".momentum_buffer", v));
            return out;
        }

        @Override
        public void restore(Map<String, Tensor> saved) {
            saved.forEach((k, v) -> {
                Tensor prior = buffers.put(k.substring(0, k.length() - ".momentum_buffer".length()),
                        v.backend().elementwise().copy(v));
                if (prior != null) {
                    prior.close();
                }
            });
        }

        @Override
        public void close() {
            buffers.values().forEach(Tensor::close);
        }
    }
}
