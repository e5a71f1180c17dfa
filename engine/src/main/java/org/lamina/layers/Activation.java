package org.lamina.layers;

import java.util.Locale;
import org.lamina.backend.ActivationOps;
import org.lamina.graph.Layer;
import org.lamina.graph.ReluRule;
import org.lamina.ops.Activations;
import org.lamina.ops.LeakyReLU;
import org.lamina.tensor.Tensor;

/**
 * An element-wise activation function with its parameter (leaky slope, ELU alpha): a layer of its
 * own, or fused into the layer before it ({@link Fused}) when its gradient can be computed from its
 * output alone, so that the pre-activation need not be kept. It runs through the activation op's
 * checked entry ({@link Activations}), which checks its parameter as the op classes' own.
 */
public record Activation(ActivationOps.Function function, double param) {

    /** @throws IllegalArgumentException when {@code param} is out of the function's range ({@link Activations#parameter}) */
    public Activation {
        param = Activations.parameter(function, param);
    }

    public static Activation relu() {
        return new Activation(ActivationOps.Function.RELU, 0);
    }

    /** Leaky ReLU with negative slope {@code slope} (PyTorch's default 0.01). */
    public static Activation leakyRelu(double slope) {
        return new Activation(ActivationOps.Function.LEAKY_RELU, slope);
    }

    /** ELU with {@code alpha} (PyTorch's default 1). */
    public static Activation elu(double alpha) {
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
            case "leaky_relu", "leaky-relu" -> leakyRelu(LeakyReLU.DEFAULT_SLOPE);
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
     * Whether the gradient can be had from the output alone, so that the input need not be kept:
     * sigmoid and tanh by their formulas, ReLU and leaky ReLU because the output has the sign of the
     * input. ELU's cannot. (Not {@link ActivationOps.Function#backwardFromOutput()}, which says which
     * of the two the backend's backward takes.)
     */
    public boolean gradientFromOutputAlone() {
        return function != ActivationOps.Function.ELU;
    }

    public Tensor forward(Tensor x) {
        return Activations.forward(function, x, param);
    }

    /** The input gradient from the forward input {@code x} or output {@code y} (one may be null). */
    public Tensor backward(Tensor x, Tensor y, Tensor dy) {
        return backward(x, y, dy, ReluRule.NORMAL);
    }

    /** As {@link #backward(Tensor, Tensor, Tensor)}, a ReLU's gradient by {@code rule} (guided, deconvnet). */
    public Tensor backward(Tensor x, Tensor y, Tensor dy, ReluRule rule) {
        // For ReLU and leaky ReLU the output's sign is the input's, so the backend's rule applies to either.
        Tensor saved = function.backwardFromOutput() || (gradientFromOutputAlone() && x == null) ? y : x;
        ActivationOps.Function f = function == ActivationOps.Function.RELU ? rule.function() : function;
        return Activations.backward(f, saved, dy, param);
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
