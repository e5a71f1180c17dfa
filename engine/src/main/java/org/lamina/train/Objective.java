package org.lamina.train;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.lamina.graph.Network;
import org.lamina.spi.Loss;

/**
 * What training minimizes: the weighted sum of loss terms, each comparing one output of the network
 * with a {@link Target} made from the batch. The first term is the main one: its output is what
 * evaluation, metrics and inference use; the others (GoogLeNet's auxiliary classifiers at 0.3) only add
 * gradients in training. The task decides the metrics: top-1 and top-5 for {@link Task#CLASSIFY},
 * pixel accuracy and mean IoU for {@link Task#SEGMENT}, mean squared error and PSNR for
 * {@link Task#RECONSTRUCT}.
 */
public final class Objective {

    /** What the main output is trained for. */
    public enum Task {
        CLASSIFY, SEGMENT, RECONSTRUCT;

        /** The name users type: classify, segment, reconstruct. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** @throws IllegalArgumentException naming the value and the choices */
        public static Task parse(String s) {
            for (Task t : values()) {
                if (t.label().equals(s)) {
                    return t;
                }
            }
            throw new IllegalArgumentException("task '" + s + "' is not classify, segment or reconstruct");
        }
    }

    /**
     * One loss term: {@code weight * loss(output, target)}.
     *
     * @param output the name of a network output
     * @param weight a finite value {@code >= 0}
     */
    public record Term(String output, Loss loss, double weight, Target target) {
        public Term {
            if (!(weight >= 0) || Double.isInfinite(weight)) {
                throw new IllegalArgumentException("loss term of output " + output + ": weight " + weight
                        + " is not a finite value >= 0");
            }
        }

        /** {@code 0.3 * cross-entropy(aux1, class labels)}. */
        public String describe() {
            return (weight == 1 ? "" : weight + " * ") + loss.name() + "(" + output + ", " + target.description() + ")";
        }
    }

    private final Task task;
    private final List<Term> terms;
    private final double peak;

    private Objective(Task task, List<Term> terms, double peak) {
        this.task = task;
        this.terms = List.copyOf(terms);
        this.peak = peak;
        Target main = terms.get(0).target();
        boolean fits = switch (task) {
            case CLASSIFY -> main instanceof Target.Classes;
            case SEGMENT -> main instanceof Target.Pixels;
            case RECONSTRUCT -> main instanceof Target.Images;
        };
        if (!fits) {
            throw new IllegalArgumentException("objective: the " + task.label() + " task cannot measure its main output"
                    + " against " + main.description());
        }
    }

    /** {@code loss(output, class labels)}, top-1 and top-5. */
    public static Objective classify(Loss loss, String output) {
        return new Objective(Task.CLASSIFY, List.of(new Term(output, loss, 1, Target.CLASSES)), 0);
    }

    /** {@code loss(output, pixels)} for logits {@code [N, classes, H, W]}, pixel accuracy and mean IoU. */
    public static Objective segment(Loss loss, String output, Target.Pixels pixels) {
        return new Objective(Task.SEGMENT, List.of(new Term(output, loss, 1, pixels)), 0);
    }

    /**
     * {@code loss(output, images)} for an output of the images' shape, mean squared error and PSNR with
     * {@code peak} the largest value an image can hold (1 for pixels in [0, 1]).
     */
    public static Objective reconstruct(Loss loss, String output, Target.Images images, double peak) {
        if (!(peak > 0) || Double.isInfinite(peak)) {
            throw new IllegalArgumentException("objective: PSNR peak " + peak + " is not a positive value");
        }
        return new Objective(Task.RECONSTRUCT, List.of(new Term(output, loss, 1, images)), peak);
    }

    /** This objective with another term, {@code weight * loss(output, the main term's target)}. */
    public Objective plus(String output, Loss loss, double weight) {
        List<Term> more = new ArrayList<>(terms);
        more.add(new Term(output, loss, weight, main().target()));
        return new Objective(task, more, peak);
    }

    /**
     * This objective with the weight of the term of {@code output} changed; weight 0 keeps the output
     * out of training.
     *
     * @throws IllegalArgumentException for an output no term has, or the main output
     */
    public Objective weighted(String output, double weight) {
        List<Term> changed = new ArrayList<>(terms);
        for (int i = 0; i < changed.size(); i++) {
            Term t = changed.get(i);
            if (t.output().equals(output)) {
                if (i == 0) {
                    throw new IllegalArgumentException("objective: " + output + " is the main output; its weight is 1");
                }
                changed.set(i, new Term(output, t.loss(), weight, t.target()));
                return new Objective(task, changed, peak);
            }
        }
        throw new IllegalArgumentException("objective: no loss term for output '" + output + "' (terms: "
                + terms.stream().map(Term::output).toList() + ")");
    }

    /**
     * This objective with a term for each output of {@code net} that {@code weights} names (an
     * architecture's {@code auxiliaryLossWeights}, GoogLeNet's auxiliary classifiers at 0.3): the main
     * term's loss and target at that weight. Outputs not named stay out of training; a name that is not
     * an output of {@code net} is ignored (GoogLeNet built without its auxiliary classifiers).
     *
     * @throws IllegalArgumentException for an auxiliary output whose shape is not the main output's
     */
    public Objective withAuxiliaries(Network net, Map<String, Double> weights) {
        Objective o = this;
        int[] shape = net.node(main().output()).shape();
        for (String out : net.outputs()) {
            Double w = weights.get(out);
            if (out.equals(main().output()) || w == null) {
                continue;
            }
            if (!Arrays.equals(net.node(out).shape(), shape)) {
                throw new IllegalArgumentException("objective: auxiliary output " + out + " of " + net.name()
                        + " has shape " + Arrays.toString(net.node(out).shape()) + ", the main output "
                        + Arrays.toString(shape));
            }
            o = o.plus(out, main().loss(), w);
        }
        return o;
    }

    /** Checks that every term names an output of {@code net}, each at most once. */
    void check(Network net) {
        List<String> seen = new ArrayList<>();
        for (Term t : terms) {
            if (!net.outputs().contains(t.output())) {
                throw new IllegalArgumentException("objective: '" + t.output() + "' is not an output of " + net.name()
                        + " " + net.outputs());
            }
            if (seen.contains(t.output())) {
                throw new IllegalArgumentException("objective: two loss terms for output " + t.output());
            }
            seen.add(t.output());
        }
    }

    public Task task() {
        return task;
    }

    public List<Term> terms() {
        return terms;
    }

    /** The main term: its output is evaluated and measured. */
    public Term main() {
        return terms.get(0);
    }

    /** The largest value of a reconstructed image, for PSNR; 0 for the other tasks. */
    public double peak() {
        return peak;
    }

    /**
     * An objective as it travels to a cluster's workers: the task, each term's output, loss (by its
     * registry name) and weight, and whether the main target is the input (which a worker makes from its
     * own images); any other target's values travel with each shard, made by the driver.
     */
    public record Spec(Task task, List<SpecTerm> terms, double peak, boolean inputTarget) implements Serializable {
        private static final long serialVersionUID = 1L;

        public Spec {
            terms = List.copyOf(terms);
        }
    }

    /** A term of a {@link Spec}. */
    public record SpecTerm(String output, String loss, double weight) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /** This objective as it travels (its losses by {@link Loss#name()}). */
    public Spec spec() {
        List<SpecTerm> out = new ArrayList<>();
        for (Term t : terms) {
            out.add(new SpecTerm(t.output(), t.loss().name(), t.weight()));
        }
        return new Spec(task, out, peak, main().target() == Target.INPUT);
    }

    /**
     * The objective of {@code spec} on a worker, its losses looked up by name in {@code losses}. Its
     * targets are class labels, the input, or (pixel labels, other images) values the driver sends with
     * each shard: such a target refuses to be made from a batch.
     */
    public static Objective of(Spec spec, Function<String, Loss> losses) {
        Target target = switch (spec.task()) {
            case CLASSIFY -> Target.CLASSES;
            case SEGMENT -> new Target.Pixels(b -> {
                throw new IllegalStateException("pixel labels are made by the driver and sent with each shard");
            }, "pixel labels from the driver");
            case RECONSTRUCT -> spec.inputTarget() ? Target.INPUT : new Target.Images(b -> {
                throw new IllegalStateException("target images are made by the driver and sent with each shard");
            }, "images from the driver");
        };
        List<Term> terms = new ArrayList<>();
        for (SpecTerm t : spec.terms()) {
            terms.add(new Term(t.output(), losses.apply(t.loss()), t.weight(), target));
        }
        if (terms.isEmpty()) {
            throw new IllegalArgumentException("objective: no loss terms");
        }
        return new Objective(spec.task(), terms, spec.peak());
    }

    /** {@code cross-entropy(logits, class labels) + 0.3 * cross-entropy(aux1, class labels) + ...}. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        for (Term t : terms) {
            sb.append(sb.length() > 0 ? " + " : "").append(t.describe());
        }
        return sb.toString();
    }
}
