package org.lamina.gradcheck;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.DoubleSupplier;
import java.util.function.Function;
import org.lamina.backend.Backend;
import org.lamina.exec.Executor;
import org.lamina.exec.Model;
import org.lamina.exec.Pass;
import org.lamina.graph.Graph;
import org.lamina.graph.Layer;
import org.lamina.graph.Network;
import org.lamina.graph.Node;
import org.lamina.tensor.Tensor;

/**
 * The numerical gradient check: analytic gradients (backward rules, autodiff) against central
 * differences {@code (f(x + h) - f(x - h)) / 2h}, compared by the relative error
 * {@code |a - n| / max(|a|, |n|, eps)}. One engine for the tests and for {@code lamina gradcheck}:
 * <ul>
 *   <li>{@link #compare} on functions of double arrays (the Java references, float64 throughout);</li>
 *   <li>{@link #network} on a whole network through its backend: the objective is
 *       {@code sum(r * outputs)} for a fixed random {@code r}, its analytic gradients those of
 *       autodiff for every trainable parameter and the input;</li>
 *   <li>{@link #layer} on one layer (Lamina's or a plugin's), as a network of that layer alone.</li>
 * </ul>
 * Tensors are float32, so network and layer checks take float32 steps: {@link Settings#FLOAT32} has
 * a step large enough that rounding stays below the truncation error. Where a function has a kink
 * within the step (ReLU, max pooling) no central difference is its derivative: such elements, found by
 * their one-sided differences disagreeing, are counted and left out ({@link #compareFloat}).
 */
public final class GradientCheck {
    private GradientCheck() {
    }

    /**
     * How a check runs: the step {@code h}, the floor {@code eps} of the relative error's denominator
     * (gradients near zero are compared absolutely), the largest relative error that passes, how many
     * elements of each tensor are checked (0: all), and the seed of the inputs, upstream gradients and
     * sampled elements.
     */
    public record Settings(double step, double eps, double threshold, int samples, long seed) {
        /** For float64 functions: truncation about h^2, rounding about 1e-16/h. */
        public static final Settings FLOAT64 = new Settings(1e-6, 1e-6, 1e-5, 0, 1);
        /** For float32 tensors: rounding about 1e-7/h, truncation about h^2. */
        public static final Settings FLOAT32 = new Settings(1e-2, 1e-2, 2e-2, 16, 1);

        public Settings {
            if (!(step > 0) || Double.isInfinite(step)) {
                throw new IllegalArgumentException("gradcheck: step " + step + " must be a positive number");
            }
            if (!(eps > 0) || Double.isInfinite(eps)) {
                throw new IllegalArgumentException("gradcheck: eps " + eps + " must be a positive number");
            }
            if (!(threshold > 0)) {
                throw new IllegalArgumentException("gradcheck: threshold " + threshold + " must be a positive number");
            }
            if (samples < 0) {
                throw new IllegalArgumentException("gradcheck: samples " + samples + " must be 0 (all) or more");
            }
        }

        public Settings withStep(double h) {
            return new Settings(h, eps, threshold, samples, seed);
        }

        public Settings withEps(double e) {
            return new Settings(step, e, threshold, samples, seed);
        }

        public Settings withThreshold(double t) {
            return new Settings(step, eps, t, samples, seed);
        }

        public Settings withSamples(int n) {
            return new Settings(step, eps, threshold, n, seed);
        }

        public Settings withSeed(long s) {
            return new Settings(step, eps, threshold, samples, s);
        }
    }

    /**
     * The check of one tensor: its size, how many elements were compared, how many more were left out
     * because the function has a kink within the step there (ReLU, max pooling: its one-sided
     * differences disagree, so no central difference is its derivative), and the worst element compared
     * (its index, relative error, analytic and numerical gradient).
     */
    public record Entry(String name, int size, int checked, int kinks, int worstIndex, double worstError,
            double analytic, double numeric) {
        /** Whether every element compared is within {@code threshold}; false when none could be compared. */
        public boolean passed(double threshold) {
            return checked > 0 && worstError <= threshold; // NaN fails
        }
    }

    /** Every tensor's check for {@code subject} on {@code device}. */
    public record Report(String subject, String device, Settings settings, List<Entry> entries) {
        /** The worst relative error over every tensor (NaN when one is NaN). */
        public double worst() {
            double w = 0;
            for (Entry e : entries) {
                if (Double.isNaN(e.worstError())) {
                    return Double.NaN;
                }
                w = Math.max(w, e.worstError());
            }
            return w;
        }

        public boolean passed() {
            return entries.stream().allMatch(e -> e.passed(settings.threshold()));
        }

        /** A table, one line per tensor, and a verdict. */
        public String format() {
            StringBuilder b = new StringBuilder();
            b.append(String.format(Locale.ROOT, "Gradient check of %s on %s (step %.3g, eps %.3g, threshold %.3g)%n",
                    subject, device, settings.step(), settings.eps(), settings.threshold()));
            String row = "%-36s %9s %9s %6s %12s %13s %13s  %s%n";
            b.append(String.format(Locale.ROOT, row, "tensor", "size", "checked", "kinks", "worst rel", "analytic",
                    "numerical", "result"));
            for (Entry e : entries) {
                b.append(String.format(Locale.ROOT, row, e.name(), e.size(), e.checked(), e.kinks(),
                        String.format(Locale.ROOT, "%.3e", e.worstError()),
                        String.format(Locale.ROOT, "%.6g", e.analytic()), String.format(Locale.ROOT, "%.6g", e.numeric()),
                        e.passed(settings.threshold()) ? "ok" : e.checked() == 0 ? "FAIL (only kinks: a smaller --step)"
                                : "FAIL"));
            }
            b.append(String.format(Locale.ROOT, "%s: worst relative error %.3e %s threshold %.3g%n",
                    passed() ? "PASSED" : "FAILED", worst(), passed() ? "<=" : ">", settings.threshold()));
            return b.toString();
        }
    }

    /** {@code |a - n| / max(|a|, |n|, eps)}; NaN when either is NaN. */
    public static double relativeError(double analytic, double numeric, double eps) {
        if (Double.isNaN(analytic) || Double.isNaN(numeric)) {
            return Double.NaN;
        }
        return Math.abs(analytic - numeric) / Math.max(Math.max(Math.abs(analytic), Math.abs(numeric)), eps);
    }

    /** {@code (f(x + h e_i) - f(x - h e_i)) / 2h}, with {@code x[i]} perturbed in place and restored. */
    public static double centralDifference(double[] x, int i, DoubleSupplier f, double h) {
        double keep = x[i];
        try {
            x[i] = keep + h;
            double up = f.getAsDouble();
            x[i] = keep - h;
            double down = f.getAsDouble();
            return (up - down) / (2 * h);
        } finally {
            x[i] = keep;
        }
    }

    /**
     * Compares {@code analytic}, the gradient of {@code f} with respect to {@code x}, with central
     * differences, at every element or {@link Settings#samples} random ones.
     */
    public static Entry compare(String name, double[] x, double[] analytic, DoubleSupplier f, Settings s) {
        if (x.length != analytic.length) {
            throw new IllegalArgumentException("gradcheck: " + name + " has " + x.length + " values but its gradient "
                    + analytic.length);
        }
        Worst w = new Worst();
        for (int i : indices(x.length, s, name)) {
            w.add(i, analytic[i], centralDifference(x, i, f, s.step()), s.eps());
        }
        return w.entry(name, x.length);
    }

    /**
     * As {@link #compare} for a function of float32 values: the step taken is what float32 rounding
     * leaves of {@link Settings#step}, and {@code f} sees {@code x} with one element perturbed.
     */
    public static Entry compareFloat(String name, float[] x, float[] analytic,
            Function<float[], Double> f, Settings s) {
        if (x.length != analytic.length) {
            throw new IllegalArgumentException("gradcheck: " + name + " has " + x.length + " values but its gradient "
                    + analytic.length);
        }
        float[] work = x.clone();
        double center = f.apply(work);
        double scale = 0;
        for (float a : analytic) {
            scale = Math.max(scale, Math.abs(a));
        }
        Worst w = new Worst();
        for (int i : indices(x.length, s, name)) {
            float keep = work[i];
            float up = (float) (keep + s.step()), down = (float) (keep - s.step());
            double fu, fd;
            try {
                work[i] = up;
                fu = f.apply(work);
                work[i] = down;
                fd = f.apply(work);
            } finally {
                work[i] = keep;
            }
            // One-sided slopes that disagree: a kink within the step. For a smooth function they differ
            // by about h f'', which the second allowance covers (curvature up to 10 times the tensor's
            // largest slope per unit, stationary points included); a kink's jump in slope does not
            // shrink with h.
            double right = (fu - center) / ((double) up - keep), left = (center - fd) / ((double) keep - down);
            double allowed = Math.max(s.threshold() * Math.max(Math.max(Math.abs(right), Math.abs(left)), s.eps()),
                    10 * s.step() * scale);
            if (Math.abs(right - left) > allowed) {
                w.kinks++;
                continue;
            }
            w.add(i, analytic[i], (fu - fd) / ((double) up - down), s.eps());
        }
        return w.entry(name, x.length);
    }

    /**
     * A whole network on its model's backend, with a random input batch of {@code batch} examples:
     * every trainable parameter and every input, in training mode (dropout with a fixed seed, batch
     * statistics), for the objective {@code sum(r * outputs)}.
     */
    public static Report network(Model model, int batch, Settings s) {
        if (batch < 1) {
            throw new IllegalArgumentException("gradcheck: batch " + batch + " must be at least 1");
        }
        Network net = model.network();
        Backend b = model.backend();
        Random rnd = new Random(s.seed());
        Map<String, float[]> inputs = new LinkedHashMap<>();
        for (String in : net.inputs()) {
            inputs.put(in, gaussian(rnd, batch * size(net.node(in).shape())));
        }
        Map<String, float[]> upstream = new LinkedHashMap<>();
        Executor ex = new Executor(model);
        // The outputs' shapes: one inference pass.
        try (Objective probe = new Objective(ex, inputs, batch, Map.of(), s.seed())) {
            for (String out : net.outputs()) {
                upstream.put(out, gaussian(rnd, probe.outputs.get(out).length));
            }
        }
        List<Entry> entries = new ArrayList<>();
        Map<String, float[]> paramGrads = new LinkedHashMap<>();
        Map<String, float[]> inputGrads = new LinkedHashMap<>();
        try (Objective base = new Objective(ex, inputs, batch, upstream, s.seed())) {
            Map<String, Tensor> grads = base.backward(inputs.keySet());
            for (var e : grads.entrySet()) {
                inputGrads.put(e.getKey(), e.getValue().toArray());
                e.getValue().close();
            }
            for (Network.Param p : net.parameters()) {
                if (p.spec().trainable()) {
                    paramGrads.put(p.name(), model.grad(p.name()).toArray());
                }
            }
            model.clearGradients();
        }
        for (var e : paramGrads.entrySet()) {
            String name = e.getKey();
            float[] base = model.param(name).toArray();
            try {
                entries.add(compareFloat(name, base, e.getValue(), v -> {
                    model.assign(name, v);
                    try (Objective o = new Objective(ex, inputs, batch, upstream, s.seed())) {
                        return o.value;
                    }
                }, s));
            } finally {
                model.assign(name, base);
            }
        }
        for (var e : inputGrads.entrySet()) {
            String name = e.getKey();
            entries.add(compareFloat("input " + name, inputs.get(name), e.getValue(), v -> {
                Map<String, float[]> in = new LinkedHashMap<>(inputs);
                in.put(name, v);
                try (Objective o = new Objective(ex, in, batch, upstream, s.seed())) {
                    return o.value;
                }
            }, s));
        }
        return new Report(net.name(), b.device(), s, entries);
    }

    /**
     * One layer (Lamina's or a plugin's) on {@code backend}, fed an input of {@code inputShape} per
     * example ({@code batch} examples), with its parameters initialized as a network would.
     */
    public static Report layer(Layer layer, int[] inputShape, int batch, Backend backend, Settings s) {
        Graph g = new Graph(layer.type());
        Node x = g.input("input", inputShape);
        g.output(g.node(layer, x));
        try (Model m = new Model(g.build(), backend, s.seed())) {
            Report r = network(m, batch, s);
            return new Report("layer " + layer.type(), r.device(), s, r.entries());
        }
    }

    /** A training-mode pass and its objective {@code sum(r * outputs)}, accumulated in double. */
    private static final class Objective implements AutoCloseable {
        final Executor ex;
        final Pass pass;
        final List<Tensor> fed = new ArrayList<>();
        final Map<String, float[]> outputs = new LinkedHashMap<>();
        final Map<String, float[]> upstream;
        final double value;

        Objective(Executor ex, Map<String, float[]> inputs, int batch, Map<String, float[]> upstream, long seed) {
            this.ex = ex;
            this.upstream = upstream;
            Backend b = ex.backend();
            Map<String, Tensor> in = new LinkedHashMap<>();
            try {
                for (var e : inputs.entrySet()) {
                    int[] per = ex.model().network().node(e.getKey()).shape();
                    int[] shape = new int[per.length + 1];
                    shape[0] = batch;
                    System.arraycopy(per, 0, shape, 1, per.length);
                    Tensor t = b.tensor(e.getValue(), shape);
                    fed.add(t);
                    in.put(e.getKey(), t);
                }
                pass = ex.forward(in, seed, Set.of());
            } catch (RuntimeException e) {
                fed.forEach(Tensor::close);
                throw e;
            }
            double sum = 0;
            for (String out : ex.model().network().outputs()) {
                float[] y = pass.output(out).toArray();
                outputs.put(out, y);
                float[] r = upstream.get(out);
                if (r != null) {
                    for (int i = 0; i < y.length; i++) {
                        sum += (double) r[i] * y[i];
                    }
                }
            }
            value = sum;
        }

        Map<String, Tensor> backward(Set<String> inputGrads) {
            Backend b = ex.backend();
            Map<String, Tensor> grads = new LinkedHashMap<>();
            try {
                for (var e : upstream.entrySet()) {
                    grads.put(e.getKey(), b.tensor(e.getValue(), pass.output(e.getKey()).dims()));
                }
                return ex.backward(pass, grads, inputGrads);
            } finally {
                grads.values().forEach(Tensor::close);
            }
        }

        @Override
        public void close() {
            pass.close();
            fed.forEach(Tensor::close);
        }
    }

    /** The worst element so far. */
    private static final class Worst {
        int checked, kinks, index = -1;
        double error = -1, analytic, numeric;

        void add(int i, double a, double n, double eps) {
            checked++;
            double r = relativeError(a, n, eps);
            if (Double.isNaN(r) || r > error || index < 0) {
                if (Double.isNaN(error)) {
                    return; // the first NaN stays the worst
                }
                index = i;
                error = r;
                analytic = a;
                numeric = n;
            }
        }

        Entry entry(String name, int size) {
            return new Entry(name, size, checked, kinks, index, checked == 0 ? 0 : error, analytic, numeric);
        }
    }

    /** Every index, or {@code samples} distinct random ones when the tensor is larger. */
    private static int[] indices(int n, Settings s, String name) {
        if (s.samples() == 0 || s.samples() >= n) {
            int[] all = new int[n];
            for (int i = 0; i < n; i++) {
                all[i] = i;
            }
            return all;
        }
        Random rnd = new Random(s.seed() * 31 + name.hashCode());
        return rnd.ints(0, n).distinct().limit(s.samples()).toArray();
    }

    private static float[] gaussian(Random rnd, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) rnd.nextGaussian();
        }
        return v;
    }

    private static int size(int[] shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }
}
