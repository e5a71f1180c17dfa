package org.lamina.backend;

import java.util.Locale;
import org.lamina.tensor.Tensor;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Element-wise activations (ReLU, leaky ReLU, ELU, sigmoid, tanh) and softmax / log-softmax over
 * classes; forward and backward. Every method returns a new tensor that the caller owns.
 */
@ProviderType
public interface ActivationOps {

    /** The element-wise functions; {@code param} of the methods below is the leaky slope or the ELU alpha. */
    enum Function {
        /** {@code max(x, 0)}; derivative 0 at x == 0. */
        RELU(false),
        /** {@code x > 0 ? x : slope * x}; derivative {@code slope} at x == 0. */
        LEAKY_RELU(false),
        /** {@code x > 0 ? x : alpha * (exp(x) - 1)}; derivative {@code alpha} at x == 0. */
        ELU(false),
        /** {@code 1 / (1 + exp(-x))}. */
        SIGMOID(true),
        /** {@code tanh(x)}. */
        TANH(true),
        /**
         * {@code max(x, 0)} forward; guided backpropagation's backward {@code dy * [x > 0] * [dy > 0]}
         * (not the derivative: for visualizing what excites a unit).
         */
        GUIDED_RELU(false),
        /** {@code max(x, 0)} forward; the deconvnet's backward {@code relu(dy)}, whatever x (not the derivative). */
        DECONVNET_RELU(false),
        /**
         * {@code min(max(x, 0), 6)} (MobileNet's ReLU6, PyTorch's {@code hardtanh(x, 0, 6)}); derivative 0 at
         * {@code x <= 0} and {@code x >= 6}, as PyTorch. The output is 0 or 6 exactly where the derivative is 0, so the
         * backward may read x or y.
         */
        RELU6(false);

        private final boolean backwardFromOutput;

        Function(boolean backwardFromOutput) {
            this.backwardFromOutput = backwardFromOutput;
        }

        /**
         * Whether {@link #backward} takes the forward output (sigmoid, tanh: the derivative is a
         * function of y) rather than the forward input (relu, leaky_relu, elu).
         */
        public boolean backwardFromOutput() {
            return backwardFromOutput;
        }

        /**
         * The PyTorch name: {@code relu}, {@code leaky_relu}, {@code elu}, {@code sigmoid}, {@code tanh}, {@code relu6};
         * {@code guided_relu}, {@code deconvnet_relu} for the visualization rules.
         */
        public String opName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** {@code y = f(x)} element by element, any shape. */
    Tensor forward(Function f, Tensor x, double param);

    /**
     * {@code dx = dy * f'}: {@code saved} is the forward output {@code y} when
     * {@link Function#backwardFromOutput()}, else the forward input {@code x}.
     */
    Tensor backward(Function f, Tensor saved, Tensor dy, double param);

    /**
     * Softmax over dimension 1 of {@code x} ({@code [N, classes]} or {@code [N, classes, ...]}), or
     * with {@code log} its logarithm; the row maximum is subtracted first, so large logits stay finite.
     */
    Tensor softmax(Tensor x, boolean log);

    /**
     * The input gradient of {@link #softmax} from its output {@code y}: {@code y * (dy - sum(dy * y))},
     * or with {@code log} {@code dy - exp(y) * sum(dy)}, sums over dimension 1.
     */
    Tensor softmaxBackward(Tensor y, Tensor dy, boolean log);
}
