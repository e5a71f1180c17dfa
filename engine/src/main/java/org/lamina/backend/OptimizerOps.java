package org.lamina.backend;

import java.util.Arrays;
import org.lamina.optim.AdagradParams;
import org.lamina.optim.AdamParams;
import org.lamina.optim.CaffeSgdParams;
import org.lamina.optim.RmspropParams;
import org.lamina.optim.SgdParams;
import org.lamina.tensor.Tensor;
import org.osgi.annotation.versioning.ProviderType;

/**
 * In-place parameter updates: SGD (PyTorch and Caffe/AlexNet momentum conventions, Nesterov, weight
 * decay), Adam, AdamW, RMSprop, Adagrad. Each method applies one step to {@code param} in place, given
 * its gradient {@code grad}; the state tensors the rule needs (moments, buffers) belong to the caller,
 * which creates them (zeros, of the parameter's shape, unless said otherwise) before step 1 and hands
 * the same tensors to every later step. Steps count from 1. The exact formulas are on the
 * hyper-parameter records ({@link SgdParams}, ...).
 *
 * <p>Every tensor must live on this backend and have the parameter's shape; a violation, or a step
 * below 1, is an {@link IllegalArgumentException} naming the optimizer, checked once for every backend
 * ({@link #checked}).
 */
@ProviderType
public interface OptimizerOps {

    /**
     * SGD, PyTorch's convention. State: {@code momentumBuffer} when {@code hp.momentum() != 0} (its
     * contents before step 1 do not matter: step 1 sets it to the gradient), else null.
     */
    void sgd(Tensor param, Tensor grad, Tensor momentumBuffer, SgdParams hp, long step);

    /** SGD, the Caffe/AlexNet convention. State: {@code velocity}, zeros before the first step. */
    void sgdCaffe(Tensor param, Tensor grad, Tensor velocity, CaffeSgdParams hp);

    /**
     * Adam, or AdamW when {@code hp.decoupled()}. State: {@code expAvg} (first moment) and
     * {@code expAvgSq} (second moment), zeros before step 1.
     */
    void adam(Tensor param, Tensor grad, Tensor expAvg, Tensor expAvgSq, AdamParams hp, long step);

    /**
     * RMSprop. State: {@code squareAvg}, zeros before the first step, and {@code momentumBuffer} (zeros)
     * when {@code hp.momentum() != 0}, else null.
     */
    void rmsprop(Tensor param, Tensor grad, Tensor squareAvg, Tensor momentumBuffer, RmspropParams hp);

    /**
     * Adagrad. State: {@code sum} of squared gradients, filled with PyTorch's
     * {@code initial_accumulator_value} (usually zero) before step 1.
     */
    void adagrad(Tensor param, Tensor grad, Tensor sum, AdagradParams hp, long step);

    /**
     * The optimizer ops of {@code backend} as callers get them: each update's tensors checked once,
     * here ({@link #check}), then handed to {@code unchecked}, the backend's implementation, which
     * takes them as checked.
     */
    static OptimizerOps checked(Backend backend, OptimizerOps unchecked) {
        return new OptimizerOps() {
            @Override
            public void sgd(Tensor param, Tensor grad, Tensor momentumBuffer, SgdParams hp, long step) {
                if (hp.usesMomentum()) {
                    check(backend, SgdParams.NAME, step, param, grad, "momentum_buffer", momentumBuffer);
                } else {
                    check(backend, SgdParams.NAME, step, param, grad);
                }
                unchecked.sgd(param, grad, momentumBuffer, hp, step);
            }

            @Override
            public void sgdCaffe(Tensor param, Tensor grad, Tensor velocity, CaffeSgdParams hp) {
                check(backend, CaffeSgdParams.NAME, 1, param, grad, "velocity", velocity);
                unchecked.sgdCaffe(param, grad, velocity, hp);
            }

            @Override
            public void adam(Tensor param, Tensor grad, Tensor expAvg, Tensor expAvgSq, AdamParams hp, long step) {
                check(backend, hp.name(), step, param, grad, "exp_avg", expAvg, "exp_avg_sq", expAvgSq);
                unchecked.adam(param, grad, expAvg, expAvgSq, hp, step);
            }

            @Override
            public void rmsprop(Tensor param, Tensor grad, Tensor squareAvg, Tensor momentumBuffer,
                    RmspropParams hp) {
                if (hp.usesMomentum()) {
                    check(backend, RmspropParams.NAME, 1, param, grad, "square_avg", squareAvg, "momentum_buffer",
                            momentumBuffer);
                } else {
                    check(backend, RmspropParams.NAME, 1, param, grad, "square_avg", squareAvg);
                }
                unchecked.rmsprop(param, grad, squareAvg, momentumBuffer, hp);
            }

            @Override
            public void adagrad(Tensor param, Tensor grad, Tensor sum, AdagradParams hp, long step) {
                check(backend, AdagradParams.NAME, step, param, grad, "sum", sum);
                unchecked.adagrad(param, grad, sum, hp, step);
            }
        };
    }

    /**
     * Checks the tensors of one update: {@code param} and {@code grad} present, every tensor on
     * {@code backend} with the parameter's shape, and {@code step >= 1}. {@code named} alternates state
     * names and tensors ({@code "exp_avg", m, "exp_avg_sq", v}); each of those is required.
     *
     * @throws IllegalArgumentException naming the optimizer, the tensor and the values
     */
    private static void check(Backend backend, String optimizer, long step, Tensor param, Tensor grad,
            Object... named) {
        if (step < 1) {
            throw new IllegalArgumentException(optimizer + ": step " + step + " is below 1 (steps count from 1)");
        }
        require(backend, optimizer, "param", param, null);
        require(backend, optimizer, "grad", grad, param);
        for (int i = 0; i < named.length; i += 2) {
            require(backend, optimizer, (String) named[i], (Tensor) named[i + 1], param);
        }
    }

    private static void require(Backend backend, String optimizer, String name, Tensor t, Tensor param) {
        if (t == null) {
            throw new IllegalArgumentException(optimizer + ": " + name + " is missing (state tensors belong to the "
                    + "caller: zeros of the parameter's shape before the first step)");
        }
        Tensors.requireOn(backend, optimizer, name, t);
        if (param != null && !t.shape().equals(param.shape())) {
            throw new IllegalArgumentException(optimizer + ": " + name + " has shape " + t.shape() + " but param has "
                    + param.shape() + "; " + name + " must have the parameter's shape " + Arrays.toString(param.dims()));
        }
    }
}
