package org.lamina.plugins.optimizers;

import static org.junit.jupiter.api.Assertions.*;

import com.google.gson.JsonElement;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.lamina.backend.Backend;
import org.lamina.backend.java.JavaBackend;
import org.lamina.backend.opencl.OpenClBackend;
import org.lamina.golden.GoldenCase;
import org.lamina.golden.GoldenSet;
import org.lamina.golden.TensorSpec;
import org.lamina.opencl.OpenClTests;
import org.lamina.spi.Optimizer;
import org.lamina.spi.Options;
import org.lamina.spi.Updater;
import org.lamina.tensor.Tensor;

/**
 * Every {@code opt_*} PyTorch reference sequence, reproduced through the optimizer plugins (options
 * as a user writes them, an {@link Updater} stepping a parameter), on the Java and OpenCL backends.
 * Half-way through each sequence the state goes through {@link Updater#state()} into a fresh updater,
 * as a resumed checkpoint would, so the remaining steps also check that restoring loses nothing.
 */
class OptimizerGoldenTest {
    private static final JavaBackend JAVA = new JavaBackend();
    private static OpenClBackend openCl;

    static GoldenSet golden() {
        try {
            return GoldenSet.open(Path.of(OptimizerGoldenTest.class.getResource("/golden/opt_sgd/case.json").toURI())
                    .getParent().getParent());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static synchronized Backend openCl() {
        if (openCl == null) {
            openCl = new OpenClBackend(OpenClTests.context());
        }
        return openCl;
    }

    /** The plugin for a case's op. */
    static Optimizer plugin(String op) {
        return switch (op) {
            case "optimizer_sgd" -> new Sgd();
            case "optimizer_adam" -> new Adam();
            case "optimizer_adamw" -> new AdamW();
            case "optimizer_rmsprop" -> new Rmsprop();
            case "optimizer_adagrad" -> new Adagrad();
            default -> throw new IllegalArgumentException("no optimizer plugin for " + op);
        };
    }

    /** The case's hyper-parameters as plugin options, PyTorch's betas pair as beta1 and beta2. */
    static Options options(GoldenCase c) {
        Map<String, String> m = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> e : c.params().entrySet()) {
            String k = e.getKey();
            if (k.equals("lr") || k.equals("optimizer") || k.equals("steps")) {
                continue;
            }
            if (k.equals("betas")) {
                m.put("beta1", e.getValue().getAsJsonArray().get(0).getAsString());
                m.put("beta2", e.getValue().getAsJsonArray().get(1).getAsString());
            } else {
                m.put(k, e.getValue().getAsString());
            }
        }
        return Options.of(m);
    }

    @Test
    void everyOptimizerHasReferenceCases() {
        List<String> ops = golden().cases().stream().map(GoldenCase::op).distinct().sorted().toList();
        assertEquals(List.of("optimizer_adagrad", "optimizer_adam", "optimizer_adamw", "optimizer_rmsprop",
                "optimizer_sgd"), ops);
        assertEquals(8, golden().cases().size());
    }

    @TestFactory
    Stream<DynamicTest> javaBackend() {
        return golden().cases().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> reproduce(c, JAVA)));
    }

    @TestFactory
    Stream<DynamicTest> openClBackend() {
        return golden().cases().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> reproduce(c, openCl())));
    }

    private static void reproduce(GoldenCase c, Backend backend) {
        Optimizer plugin = plugin(c.op());
        Options options = options(c);
        double lr = c.doubleParam("lr", Double.NaN);
        int[] shape = c.spec("param_init").shape();
        int size = c.spec("param_init").count();
        float[] grads = c.load("grads"), expected = c.load("params_after");
        TensorSpec after = c.spec("params_after");
        int steps = c.spec("grads").shape()[0];
        Updater u = plugin.create(options);
        try (Tensor param = backend.tensor(c.load("param_init"), shape)) {
            for (int s = 0; s < steps; s++) {
                if (s == 2) {
                    u = resumed(plugin, options, u);
                }
                try (Tensor g = backend.tensor(Arrays.copyOfRange(grads, s * size, (s + 1) * size), shape)) {
                    u.step(List.of(new Updater.Param("w", param, g, true)), lr, s + 1);
                }
                float[] got = param.toArray();
                for (int i = 0; i < size; i++) {
                    double want = expected[s * size + i];
                    assertTrue(Math.abs(got[i] - want) <= after.atol() + after.rtol() * Math.abs(want),
                            c.name() + " on " + backend.device() + ", step " + (s + 1) + ", element " + i + ": got "
                                    + got[i] + ", PyTorch " + want);
                }
            }
            if (!u.state().isEmpty()) {
                assertTrue(u.state().containsKey(plugin.name() + ".step"), u.state().keySet().toString());
                assertEquals(steps, u.state().get(plugin.name() + ".step").toArray()[0], "steps counted");
            }
        } finally {
            u.close();
        }
    }

    /** A fresh updater restored from {@code u}'s state, as a resumed run makes it; closes {@code u}. */
    private static Updater resumed(Optimizer plugin, Options options, Updater u) {
        Updater fresh = plugin.create(options);
        try {
            fresh.restore(u.state());
        } finally {
            u.close();
        }
        return fresh;
    }
}
