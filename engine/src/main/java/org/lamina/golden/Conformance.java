package org.lamina.golden;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.lamina.backend.Backend;
import org.lamina.ops.AdaptiveAvgPool2d;
import org.lamina.ops.AdaptiveAvgPool3d;
import org.lamina.ops.AvgPool2d;
import org.lamina.ops.BatchNorm2d;
import org.lamina.ops.Conv1d;
import org.lamina.ops.Conv2d;
import org.lamina.ops.Conv3d;
import org.lamina.ops.ConvTranspose2d;
import org.lamina.ops.Linear;
import org.lamina.ops.LocalResponseNorm;
import org.lamina.ops.MaxPool2d;
import org.lamina.ops.MseLoss;
import org.lamina.ops.PixelCrossEntropy;
import org.lamina.ops.MultiMarginLoss;
import org.lamina.ops.Pool1d;
import org.lamina.ops.Pool3d;
import org.lamina.ops.SoftmaxCrossEntropy;
import org.lamina.registry.Registry;
import org.lamina.spi.LayerType;

/**
 * Runs golden cases through Lamina on a backend and checks every checked tensor with the format's
 * rule: a value passes when {@code |got - expected| <= atol + rtol * |expected|}. Cases of ops
 * Lamina does not implement are skipped; a case that throws fails with the exception's message.
 */
public final class Conformance {
    private final Map<String, CaseRunner> runners = new LinkedHashMap<>();

    private Conformance() {
    }

    /** Every op Lamina implements. */
    public static Conformance standard() {
        Conformance c = new Conformance();
        CaseRunner conv = new ConvolutionCases();
        c.register(Conv2d.NAME, conv);
        c.register(ConvTranspose2d.NAME, conv);
        CaseRunner pooling = new PoolingCases();
        c.register(MaxPool2d.NAME, pooling);
        c.register(AvgPool2d.NAME, pooling);
        c.register(AdaptiveAvgPool2d.NAME, pooling);
        CaseRunner convNd = new ConvNdCases();
        c.register(Conv1d.NAME, convNd);
        c.register(Conv3d.NAME, convNd);
        CaseRunner poolingNd = new PoolingNdCases();
        for (String op : new String[] {Pool1d.MAX, Pool1d.AVG, Pool3d.MAX, Pool3d.AVG, AdaptiveAvgPool3d.NAME}) {
            c.register(op, poolingNd);
        }
        c.register(LocalResponseNorm.NAME, new LocalResponseNormCases());
        c.register(BatchNorm2d.NAME, new BatchNormCases());
        CaseRunner activations = new ActivationCases();
        for (String op : ActivationCases.OPS) {
            c.register(op, activations);
        }
        c.register(Linear.NAME, new DenseCases());
        CaseRunner losses = new LossCases();
        c.register(SoftmaxCrossEntropy.NAME, losses);
        c.register(MultiMarginLoss.NAME, losses);
        c.register(MseLoss.NAME, losses);
        c.register(PixelCrossEntropy.NAME, losses);
        CaseRunner style = new StyleCases();
        for (String op : StyleCases.OPS) {
            c.register(op, style);
        }
        CaseRunner optimizers = new OptimizerCases();
        for (String op : new String[] {"optimizer_sgd", "optimizer_adam", "optimizer_adamw", "optimizer_rmsprop",
            "optimizer_adagrad"}) {
            c.register(op, optimizers);
        }
        c.register("lenet5", new LeNet5Cases());
        c.register(ExplainCases.OP, new ExplainCases());
        return c;
    }

    /**
     * {@link #standard()} plus the layer types of {@code registry} (plugins' layers), each under its
     * own name; a layer type named like one of Lamina's ops does not replace it.
     */
    public static Conformance withLayerTypes(Registry registry) {
        Conformance c = standard();
        for (Registry.Entry<LayerType> e : registry.list(LayerType.class)) {
            if (!c.supports(e.name())) {
                c.register(e.name(), new LayerTypeCases(e.service()));
            }
        }
        return c;
    }

    /** Adds (or replaces) the runner of {@code op}. */
    public void register(String op, CaseRunner runner) {
        runners.put(op, runner);
    }

    public Set<String> ops() {
        return runners.keySet();
    }

    public boolean supports(String op) {
        return runners.containsKey(op);
    }

    /** Runs every case of {@code set}, reporting each result to {@code onEach} as it completes. */
    public List<CaseResult> run(GoldenSet set, Backend backend, Consumer<CaseResult> onEach) {
        List<CaseResult> out = new ArrayList<>();
        for (GoldenCase c : set.cases()) {
            CaseResult r = run(c, backend);
            onEach.accept(r);
            out.add(r);
        }
        return out;
    }

    /** Runs one case. */
    public CaseResult run(GoldenCase c, Backend backend) {
        CaseRunner runner = runners.get(c.op());
        if (runner == null) {
            return CaseResult.skip(c, "op " + c.op() + " is not implemented");
        }
        Map<String, float[]> got;
        try {
            got = runner.run(c, backend);
        } catch (RuntimeException e) {
            return CaseResult.fail(c, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        return check(c, got);
    }

    static CaseResult check(GoldenCase c, Map<String, float[]> got) {
        double maxAbs = 0, maxRel = 0;
        List<String> problems = new ArrayList<>();
        List<TensorSpec> checked = c.checked();
        if (checked.isEmpty()) {
            return CaseResult.skip(c, "the case checks no tensor");
        }
        for (TensorSpec spec : checked) {
            float[] actual = got.get(spec.name());
            if (actual == null) {
                problems.add(spec.name() + " was not computed");
                continue;
            }
            float[] expected;
            try {
                expected = c.load(spec.name());
            } catch (IllegalArgumentException | UncheckedIOException e) {
                // a missing or truncated reference fails its case, as a bad input file does, and verify goes on
                problems.add(e.getMessage());
                continue;
            }
            if (actual.length != expected.length) {
                problems.add(spec.name() + " has " + actual.length + " values, expected " + expected.length + " "
                        + Arrays.toString(spec.shape()));
                continue;
            }
            double scale = 0;
            for (float e : expected) {
                scale = Math.max(scale, Math.abs(e));
            }
            int bad = 0, worst = -1;
            double worstExcess = -1;
            for (int i = 0; i < expected.length; i++) {
                double err = Math.abs((double) actual[i] - expected[i]);
                if (Double.isNaN(err)) {
                    err = Double.POSITIVE_INFINITY;
                }
                maxAbs = Math.max(maxAbs, err);
                if (Math.abs(expected[i]) >= 1e-3 * scale && expected[i] != 0) {
                    maxRel = Math.max(maxRel, err / Math.abs(expected[i]));
                }
                double allowed = spec.atol() + spec.rtol() * Math.abs(expected[i]);
                if (!(err <= allowed)) {
                    bad++;
                    if (err - allowed > worstExcess) {
                        worstExcess = err - allowed;
                        worst = i;
                    }
                }
            }
            if (bad > 0) {
                problems.add(String.format("%s: %d of %d values off, worst at %d: got %.7g expected %.7g (allowed %.3g)",
                        spec.name(), bad, expected.length, worst, actual[worst], expected[worst],
                        spec.atol() + spec.rtol() * Math.abs(expected[worst])));
            }
        }
        return new CaseResult(c.name(), c.op(), problems.isEmpty() ? CaseResult.Status.PASS : CaseResult.Status.FAIL,
                maxAbs, maxRel, String.join("; ", problems));
    }
}
