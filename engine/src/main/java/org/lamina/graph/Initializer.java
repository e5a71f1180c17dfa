package org.lamina.graph;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.DoubleBinaryOperator;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * How a parameter's first values are drawn. Fan-in and fan-out come from the {@link ParamSpec}
 * (for a convolution weight: in-channels per group x kernel area, out-channels x kernel area).
 */
@ConsumerType
public interface Initializer {

    /** Fills {@code values} for {@code spec}, drawing from {@code random}. */
    void fill(float[] values, ParamSpec spec, SplittableRandom random);

    /** A short description for summaries, e.g. {@code he_normal}. */
    String describe();

    /** All zeros: the default for biases. */
    static Initializer zeros() {
        return constant(0f);
    }

    static Initializer constant(float value) {
        return new Initializer() {
            @Override
            public void fill(float[] values, ParamSpec spec, SplittableRandom random) {
                Arrays.fill(values, value);
            }

            @Override
            public String describe() {
                return value == 0 ? "zeros" : "constant(" + value + ")";
            }
        };
    }

    /** Gaussian with a fixed standard deviation (AlexNet used 0.01). */
    static Initializer gaussian(double std) {
        if (!(std > 0)) {
            throw new IllegalArgumentException("gaussian initializer: std " + std + " is not positive");
        }
        return normal(std, "gaussian(" + std + ")");
    }

    /** Glorot and Bengio (2010): uniform in +-sqrt(6 / (fan_in + fan_out)). */
    static Initializer xavierUniform() {
        return new FanBased("xavier_uniform", true, (in, out) -> Math.sqrt(6.0 / (in + out)));
    }

    /** Glorot and Bengio (2010): normal with std sqrt(2 / (fan_in + fan_out)). */
    static Initializer xavierNormal() {
        return new FanBased("xavier_normal", false, (in, out) -> Math.sqrt(2.0 / (in + out)));
    }

    /** He et al. (2015), for ReLU: uniform in +-sqrt(6 / fan_in). */
    static Initializer heUniform() {
        return new FanBased("he_uniform", true, (in, out) -> Math.sqrt(6.0 / in));
    }

    /** He et al. (2015), for ReLU: normal with std sqrt(2 / fan_in). */
    static Initializer heNormal() {
        return new FanBased("he_normal", false, (in, out) -> Math.sqrt(2.0 / in));
    }

    /** PyTorch's default for convolution and linear layers: uniform in +-1/sqrt(fan_in). */
    static Initializer pytorchDefault() {
        return new FanBased("pytorch_default", true, (in, out) -> 1.0 / Math.sqrt(in));
    }

    /** The names {@link #named} knows, as the command line lists them. */
    static List<String> names() {
        return List.of("kaiming-normal (he-normal, kaiming)", "kaiming-uniform (he-uniform)",
                "xavier-uniform (glorot-uniform, xavier)", "xavier-normal (glorot-normal)",
                "pytorch (uniform +-1/sqrt(fan_in))", "gaussian:STD (normal:STD)");
    }

    /**
     * An initializer by name, as {@code lamina train --init} takes it: {@code kaiming} is He's normal
     * form (PyTorch's {@code kaiming_normal_} for ReLU), {@code xavier} Glorot's uniform form.
     *
     * @throws IllegalArgumentException for an unknown name, listing the known ones
     */
    static Initializer named(String name) {
        String n = name == null ? "" : name.strip().toLowerCase(Locale.ROOT).replace('_', '-');
        int colon = n.indexOf(':');
        if (colon > 0 && (n.startsWith("gaussian:") || n.startsWith("normal:"))) {
            double std;
            try {
                std = Double.parseDouble(n.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("initializer '" + name + "': '" + n.substring(colon + 1)
                        + "' is not a standard deviation");
            }
            return gaussian(std);
        }
        return switch (n) {
            case "kaiming", "kaiming-normal", "he", "he-normal" -> heNormal();
            case "kaiming-uniform", "he-uniform" -> heUniform();
            case "xavier", "xavier-uniform", "glorot", "glorot-uniform" -> xavierUniform();
            case "xavier-normal", "glorot-normal" -> xavierNormal();
            case "pytorch", "pytorch-default" -> pytorchDefault();
            default -> throw new IllegalArgumentException("unknown initializer '" + name + "'; the initializers are "
                    + String.join(", ", names()));
        };
    }

    private static Initializer normal(double std, String name) {
        return new Initializer() {
            @Override
            public void fill(float[] values, ParamSpec spec, SplittableRandom random) {
                for (int i = 0; i < values.length; i++) {
                    values[i] = (float) (std * Gaussian.next(random));
                }
            }

            @Override
            public String describe() {
                return name;
            }
        };
    }

    /** An initializer whose scale depends on fan-in and fan-out. */
    final class FanBased implements Initializer {
        private final String name;
        private final boolean uniform;
        private final DoubleBinaryOperator scale;

        FanBased(String name, boolean uniform, DoubleBinaryOperator scale) {
            this.name = name;
            this.uniform = uniform;
            this.scale = scale;
        }

        @Override
        public void fill(float[] values, ParamSpec spec, SplittableRandom random) {
            int in = Math.max(1, spec.fanIn()), out = Math.max(1, spec.fanOut());
            double s = scale.applyAsDouble(in, out);
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) (uniform ? (2 * random.nextDouble() - 1) * s : s * Gaussian.next(random));
            }
        }

        @Override
        public String describe() {
            return name;
        }
    }

    /** Standard normal variates from a SplittableRandom (Box-Muller). */
    final class Gaussian {
        private Gaussian() {
        }

        static double next(SplittableRandom r) {
            double u1 = r.nextDouble(), u2 = r.nextDouble();
            return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
        }
    }
}
