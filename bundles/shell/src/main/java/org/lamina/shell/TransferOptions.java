package org.lamina.shell;

import java.nio.file.Path;
import java.util.Map;
import org.lamina.checkpoint.Checkpoint;
import org.lamina.exec.Model;
import org.lamina.graph.Network;
import org.lamina.transfer.Freeze;
import org.lamina.transfer.LoadReport;
import org.lamina.transfer.WeightLoader;
import org.lamina.transfer.Weights;
import picocli.CommandLine.Option;

/**
 * {@code lamina train}'s transfer-learning options: start from the weights of a file (a torchvision
 * or timm {@code state_dict} saved as safetensors, or a Lamina checkpoint) loaded by name, a classifier
 * head of another number of classes initialized anew, and parameters frozen by name pattern.
 */
final class TransferOptions {
    /** Checkpoint metadata: the patterns frozen, and how frozen batch norms ran. */
    static final String FREEZE = "freeze", FROZEN_BN = "frozen_bn", WEIGHTS = "weights";

    @Option(names = "--weights", paramLabel = "FILE", description = "Start from the weights in FILE (safetensors: a"
            + " torchvision or timm state_dict, or a Lamina checkpoint), matched by name; a head of another number of"
            + " classes is initialized anew; what matched and what was skipped is reported.")
    Path weights;

    @Option(names = "--strict-weights", description = "With --weights: refuse a file that lacks a tensor of the network"
            + " or has one it lacks or of another shape (the classifier head aside). Default: lenient, with the report.")
    boolean strictWeights;

    @Option(names = "--freeze", paramLabel = "PATTERN[,PATTERN...]", description = "Leave the parameters whose name or"
            + " layer name matches as they are: globs (features.*, conv1,layer1.*) or re:REGEX.")
    String freeze;

    @Option(names = "--frozen-bn", paramLabel = "eval|train", description = "Batch norms frozen whole by --freeze:"
            + " eval normalizes with their running statistics and keeps them; train with the batch's, updating them"
            + " (PyTorch's requires_grad=False). Default: eval.")
    String frozenBn;

    private Weights read;

    /** Checks the values and reads the weights file, before any data is read. */
    void check(boolean resume, boolean spark) {
        if (weights != null && weights.toString().isBlank()) {
            throw new IllegalArgumentException("--weights: '' is not a file name");
        }
        if (weights != null && resume) {
            throw new IllegalArgumentException("--weights " + weights + " with --resume: a resumed run continues from its"
                    + " checkpoint; give one of them");
        }
        if (strictWeights && weights == null) {
            throw new IllegalArgumentException("--strict-weights is for loading --weights FILE: give it too");
        }
        if (frozenBn != null && !frozenBn.equals("eval") && !frozenBn.equals("train")) {
            throw new IllegalArgumentException("--frozen-bn: '" + frozenBn + "' is not eval or train");
        }
        if (frozenBn != null && freeze == null && !resume) {
            throw new IllegalArgumentException("--frozen-bn is for layers frozen with --freeze PATTERN: give it too");
        }
        if (freeze != null && spark) {
            // the executors build their own, unfrozen networks: their batch norms would not run as asked
            throw new IllegalArgumentException("--freeze with --spark is not supported: train on this machine's devices,"
                    + " or without --freeze");
        }
        if (freeze != null) {
            Freeze.parse("--freeze", freeze);
        }
        if (weights != null) {
            read = Weights.read(weights);
        }
    }

    /**
     * On {@code --resume}: the run goes on frozen as it was. A --freeze or --frozen-bn that differs from
     * the checkpoint's is refused; left out, the checkpoint's is taken.
     */
    void resume(Checkpoint previous, Path ckpt) {
        String was = previous.meta(FREEZE, ""), bnWas = previous.meta(FROZEN_BN, "eval");
        if (freeze != null && !freeze.strip().equals(was) || frozenBn != null && !was.isEmpty() && !frozenBn.equals(bnWas)) {
            throw new IllegalArgumentException("--resume: " + ckpt + " was trained with " + (was.isEmpty() ? "nothing frozen"
                    : "--freeze '" + was + "' --frozen-bn " + bnWas) + "; resume with the same or leave --freeze out");
        }
        if (freeze == null && !was.isEmpty()) {
            freeze = was;
            frozenBn = bnWas;
            System.out.println("note: frozen as in " + ckpt + ": --freeze '" + was + "' --frozen-bn " + bnWas);
        }
    }

    /** {@code net} with --freeze applied, saying how much stays fixed. */
    Network apply(Network net) {
        if (freeze == null) {
            return net;
        }
        Network frozen = Freeze.parse("--freeze", freeze).apply("--freeze", net, !"train".equals(frozenBn));
        long all = net.trainableParameterCount(), left = frozen.trainableParameterCount();
        long kept = frozen.nodes().stream().filter(n -> frozen.inferenceInTraining(n.name())).count();
        System.out.printf("Frozen: %,d of %,d parameters (%d tensors matching '%s'); %,d trained%s%n", all - left, all,
                frozen.frozenParameters().size(), freeze.strip(), left, kept == 0 ? "" : "; " + kept
                        + " frozen batch norms keep their running statistics");
        return frozen;
    }

    /** What the checkpoint records of the transfer, so that a resumed run freezes the same. */
    void metadata(Map<String, String> meta) {
        if (weights != null) {
            meta.put(WEIGHTS, weights.getFileName().toString());
        }
        if (freeze != null) {
            meta.put(FREEZE, freeze.strip());
            meta.put(FROZEN_BN, "train".equals(frozenBn) ? "train" : "eval");
        }
    }

    /** Loads --weights into {@code model}, printing the report when {@code report}. */
    void load(Model model, boolean report) {
        if (read == null) {
            return;
        }
        LoadReport r = WeightLoader.load(model, read, strictWeights);
        if (report) {
            r.lines().forEach(System.out::println);
        }
    }
}
