package org.lamina.layers;

import java.util.Locale;
import org.lamina.backend.ActivationOps;
import org.lamina.graph.Layer;
import org.lamina.graph.ReluRule;
import org.lamina.tensor.Tensor;

/**
 * An element-wise activation function with its parameter (leaky slope, ELU alpha): a layer of its
 * own, or fused into the layer before it ({@link Fused}) when its gradient can be computed from its
 * output alone, so that the pre-activation need not be kept.
 */
public record Activation(ActivationOps.Function function, double param) {

    public static Activation relu() {
        return new Activation(ActivationOps.Function.RELU, 0);
    }

    /** Leaky ReLU with negative slope {@code slope} (PyTorch's default 0.01). */
    public static Activation leakyRelu(double slope) {
        if (!(slope >= 0) || Double.isInfinite(slope)) {
            throw new IllegalArgumentException("leaky_relu: negative slope " + slope + " must be a finite number >= 0");
        }
        return new Activation(ActivationOps.Function.LEAKY_RELU, slope);
    }

    public static Activation elu(double alpha) {
        if (!(alpha > 0) || Double.isInfinite(alpha)) {
            throw new IllegalArgumentException("elu: alpha " + alpha + " must be a positive number");
        }
        return new Activation(ActivationOps.Function.ELU, alpha);
    }

    public static Activation sigmoid() {
        return new Activation(ActivationOps.Function.SIGMOID, 0);
    }

    public static Activation tanh() {
        return new Activation(ActivationOps.Function.TANH, 0);
    }

    /** {@code min(max(x, 0), 6)}, MobileNet's ReLU6. */
    public static Activation relu6() {
        return new Activation(ActivationOps.Function.RELU6, 0);
    }

    /** By name: relu, leaky_relu, elu, sigmoid, tanh, relu6. */
    public static Activation named(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "relu" -> relu();
            case "leaky_relu", "leaky-relu" -> leakyRelu(0.01);
            case "elu" -> elu(1);
            case "sigmoid" -> sigmoid();
            case "tanh" -> tanh();
            case "relu6" -> relu6();
            default -> throw new IllegalArgumentException("unknown activation '" + name
                    + "'; the activations are relu, leaky_relu, elu, sigmoid, tanh, relu6");
        };
    }

    public String name() {
        return function.opName();
    }

    /**
     * Whether the gradient follows from the output: sigmoid and tanh by their formulas, ReLU and
     * leaky ReLU because the output has the sign of the input. ELU's does not.
     */
    public boolean backwardFromOutput() {
        return function != ActivationOps.Function.ELU;
    }

    public Tensor forward(Tensor x) {
        return x.backend().activations().forward(function, x, param);
    }

    /** The input gradient from the forward input {@code x} or output {@code y} (one may be null). */
    public Tensor backward(Tensor x, Tensor y, Tensor dy) {
        return backward(x, y, dy, ReluRule.NORMAL);
    }

    /** As {@link #backward(Tensor, Tensor, Tensor)}, a ReLU's gradient by {@code rule} (guided, deconvnet). */
    public Tensor backward(Tensor x, Tensor y, Tensor dy, ReluRule rule) {
        // For ReLU and leaky ReLU the output's sign is the input's, so the backend's rule applies to either.
        Tensor saved = function.backwardFromOutput() || (backwardFromOutput() && x == null) ? y : x;
        ActivationOps.Function f = function == ActivationOps.Function.RELU ? rule.function() : function;
        return dy.backend().activations().backward(f, saved, dy, param);
    }

    /** This activation as a separate layer. */
    public Layer asLayer() {
        return new ActivationLayer(this);
    }

    @Override
    public String toString() {
        return function == ActivationOps.Function.LEAKY_RELU || function == ActivationOps.Function.ELU
                ? name() + "(" + param + ")" : name();
    }
}
