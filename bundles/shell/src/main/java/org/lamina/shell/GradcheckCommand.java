package org.lamina.shell;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.lamina.backend.Backend;
import org.lamina.backend.Backends;
import org.lamina.exec.Model;
import org.lamina.gradcheck.GradientCheck;
import org.lamina.gradcheck.OpChecks;
import org.lamina.graph.Network;
import org.lamina.spi.LayerType;
import org.lamina.spi.Options;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code lamina gradcheck}: the numerical gradient check (central differences, relative error
 * {@code |a - n| / max(|a|, |n|, eps)}) of a whole network (an architecture or a checkpoint), one of
 * Lamina's ops, or a plugin's layer type, so that a plugin author can check a new layer without writing
 * a test. One line per parameter and input with its worst relative error; exit status 0 when every one
 * is within the threshold, 1 when one is not, 2 for a mistake in the command.
 */
@Command(name = "gradcheck", mixinStandardHelpOptions = true, description = "Check gradients against central "
        + "differences: a network (--arch or --checkpoint), an op (--op) or a plugin's layer type (--layer).")
final class GradcheckCommand implements Callable<Integer> {
    @ParentCommand
    Shell shell;

    static final class Subject {
        @Option(names = "--arch", paramLabel = "NAME", description = "An architecture (see 'lamina plugins').")
        String arch;

        @Option(names = "--checkpoint", paramLabel = "FILE", description = "A checkpoint: its network and weights.")
        Path checkpoint;

        @Option(names = "--op", paramLabel = "NAME", description = "One of Lamina's ops: conv2d, linear, max_pool2d, "
                + "batch_norm2d, relu, ..., gram_matrix, style_loss, content_loss, mse_loss.")
        String op;

        @Option(names = "--layer", paramLabel = "TYPE", description = "A plugin's layer type, e.g. swish.")
        String layer;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Subject subject;

    @Option(names = "--options", defaultValue = "", paramLabel = "K=V,...",
            description = "The layer type's options (--layer) or the architecture's (--arch).")
    String options;

    @Option(names = "--input", paramLabel = "C,H,W", description = "Input shape per example. Default: 1,28,28 for "
            + "--arch, 3,6,6 for --op and --layer; a checkpoint's own.")
    String input;

    @Option(names = "--classes", defaultValue = "10", description = "Classes of --arch. Default: ${DEFAULT-VALUE}.")
    int classes;

    @Option(names = "--batch", defaultValue = "2", description = "Examples in the batch. Default: ${DEFAULT-VALUE}.")
    int batch;

    @Option(names = "--device", defaultValue = "java", paramLabel = "D",
            description = "Device: 'java' (the double-precision reference, default) or an OpenCL device.")
    String device;

    @Option(names = "--step", defaultValue = "1e-2", description = "Central-difference step h (float32 values). "
            + "Default: ${DEFAULT-VALUE}.")
    double step;

    @Option(names = "--eps", defaultValue = "1e-2", description = "Floor of the relative error's denominator. "
            + "Default: ${DEFAULT-VALUE}.")
    double eps;

    @Option(names = "--threshold", defaultValue = "2e-2", description = "Largest relative error that passes. "
            + "Default: ${DEFAULT-VALUE}.")
    double threshold;

    @Option(names = "--samples", defaultValue = "16", description = "Elements checked per tensor (0: all). "
            + "Default: ${DEFAULT-VALUE}.")
    int samples;

    @Option(names = "--seed", defaultValue = "1")
    long seed;

    @Mixin
    StrictOption strictMode;

    @Override
    public Integer call() {
        GradientCheck.Settings s = settings();
        if (batch < 1) {
            throw new IllegalArgumentException("--batch: " + batch + " is not a batch size (give 1 or more)");
        }
        if (classes < 1) {
            throw new IllegalArgumentException("--classes: " + classes + " is not a number of classes (give 1 or more)");
        }
        // Everything the user named is checked before a device opens.
        Network net = null;
        CheckpointNetwork ckpt = null;
        LayerType type = null;
        int[] shape = input == null ? null : SummaryCommand.shape(input);
        if (subject.checkpoint != null) {
            if (input != null) {
                throw new IllegalArgumentException("--input: a checkpoint's network takes its own input shape");
            }
            ckpt = CheckpointNetwork.read(shell.registry(), subject.checkpoint);
            net = ckpt.network();
        } else if (subject.arch != null) {
            net = shell.registry().architecture(subject.arch).build(shape != null ? shape : new int[] {1, 28, 28},
                    classes, Options.parse(options));
        } else if (subject.layer != null) {
            type = shell.registry().layerType(subject.layer);
        } else if (!OpChecks.OPS.contains(subject.op)) {
            throw new IllegalArgumentException("--op: unknown op '" + subject.op + "'; the ops are "
                    + String.join(", ", OpChecks.OPS));
        }
        if (shape == null) {
            shape = new int[] {3, 6, 6};
        }
        GradientCheck.Report report;
        try (StrictOption.Scope strictScope = strictMode.apply(); Backend backend = Backends.open(device)) {
            if (net != null) {
                try (Model m = new Model(net, backend, seed)) {
                    if (ckpt != null) {
                        ckpt.checkpoint().loadInto(m);
                    }
                    report = GradientCheck.network(m, batch, s);
                }
            } else if (type != null) {
                Options parsed = Options.parse(options);
                report = GradientCheck.layer(type.create(parsed), shape, batch, backend, s);
            } else {
                report = OpChecks.check(subject.op, shape, batch, backend, s);
            }
        }
        System.out.print(report.format());
        return report.passed() ? 0 : 1;
    }

    private GradientCheck.Settings settings() {
        try {
            return new GradientCheck.Settings(step, eps, threshold, samples, seed);
        } catch (IllegalArgumentException e) {
            // the settings name the value; the option is what the user typed
            throw new IllegalArgumentException(e.getMessage().replaceFirst("^gradcheck: (\\w+)", "--$1"));
        }
    }
}
