package org.lamina.shell;

import java.io.PrintStream;
import java.time.Duration;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.lamina.train.EpochStats;
import org.lamina.train.Trainer;

/**
 * Shows a training run: a progress bar per epoch with throughput and time left on a terminal; on
 * anything else (a CI log), a line at every quarter of an epoch.
 */
final class Progress implements Trainer.Listener {
    private final PrintStream out;
    private final boolean terminal;
    private final String devices;
    private ProgressBar bar;
    private String label;
    private long images;
    private long total;
    private long started;
    private int nextQuarter;
    private boolean firstEpoch = true;

    Progress(PrintStream out, boolean terminal) {
        this(out, terminal, null);
    }

    /** @param devices the devices of a data-parallel run, in words, for each epoch's line; null for one */
    Progress(PrintStream out, boolean terminal, String devices) {
        this.out = out;
        this.terminal = terminal;
        this.devices = devices;
    }

    @Override
    public void epochStarted(int epoch, int epochs, int batches) {
        label = "epoch " + epoch + "/" + epochs;
        images = 0;
        total = -1;
        started = System.nanoTime();
        nextQuarter = 1;
        if (terminal) {
            bar = new ProgressBarBuilder().setTaskName(label).setInitialMax(batches).setUnit(" batches", 1)
                    .setStyle(ProgressBarStyle.ASCII).showSpeed().setUpdateIntervalMillis(250)
                    .setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(out)).build();
            if (firstEpoch) {
                // On a new device the first batch waits for the OpenCL compiler (minutes on a slow CPU);
                // a bar standing at 0% with no word looks like a hang. Replaced by the loss after it.
                bar.setExtraMessage(" first batch: compiling kernels (once per device)");
            }
        }
        firstEpoch = false;
        total = batches;
    }

    @Override
    public void batchDone(int batch, int size, double loss) {
        images += size;
        if (bar != null) {
            bar.stepTo(batch);
            bar.setExtraMessage(String.format(" loss %.4f", loss));
        } else if (batch * 4L >= nextQuarter * total) {
            double seconds = (System.nanoTime() - started) / 1e9;
            double rate = images / Math.max(seconds, 1e-9);
            long left = (long) ((total - batch) * (seconds / batch));
            out.printf("%s: %3d%% (%d/%d batches), loss %.4f, %,.0f images/s, %s left%n", label, 100 * batch / total,
                    batch, total, loss, rate, format(Duration.ofSeconds(left)));
            while (batch * 4L >= nextQuarter * total) {
                nextQuarter++;
            }
        }
    }

    @Override
    public void evaluationStarted(int batches) {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }

    @Override
    public void epochDone(EpochStats s) {
        boolean val = s.validated();
        String evaluated = val ? "val" : "test";
        String train, test;
        if (s.extra().containsKey(evaluated + "_mean_iou")) {
            train = String.format("pixel accuracy %.2f%%, mean IoU %.2f%%", 100 * s.extra("train_pixel_accuracy"),
                    100 * s.extra("train_mean_iou"));
            test = String.format("pixel accuracy %.2f%%, mean IoU %.2f%%", 100 * s.extra(evaluated + "_pixel_accuracy"),
                    100 * s.extra(evaluated + "_mean_iou"));
        } else if (s.extra().containsKey(evaluated + "_psnr")) {
            train = String.format("MSE %.5f, PSNR %.2f dB", s.extra("train_mse"), s.extra("train_psnr"));
            test = String.format("MSE %.5f, PSNR %.2f dB", s.extra(evaluated + "_mse"), s.extra(evaluated + "_psnr"));
        } else {
            train = String.format("accuracy %.2f%%", 100 * s.trainTop1());
            test = String.format("accuracy %.2f%% (top-5 %.2f%%)", 100 * (val ? s.valTop1() : s.testTop1()),
                    100 * (val ? s.valTop5() : s.testTop5()));
        }
        StringBuilder terms = new StringBuilder();
        s.extra().forEach((k, v) -> {
            if (k.startsWith("train_loss_")) {
                terms.append(terms.length() == 0 ? " (" : ", ").append(k.substring("train_loss_".length()))
                        .append(String.format(" %.4f", v));
            }
        });
        out.printf("epoch %d%s: train loss %.4f%s, %s | %s loss %.4f, %s | "
                + "lr %.4g | %,.0f images/s | peak %.1f MB per step + %.1f MB kernel scratch%n", s.epoch(),
                devices == null ? "" : " on " + devices, s.trainLoss(), terms.length() == 0 ? "" : terms + ")", train,
                evaluated, val ? s.valLoss() : s.testLoss(), test, s.learningRate(), s.imagesPerSecond(),
                s.peakStepBytes() / 1e6, s.scratchBytes() / 1e6);
    }

    static String format(Duration d) {
        long s = d.getSeconds();
        return s >= 3600 ? String.format("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format("%d:%02d", s / 60, s % 60);
    }
}
