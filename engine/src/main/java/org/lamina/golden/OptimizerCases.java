package org.lamina.golden;

import com.google.gson.JsonArray;
import java.util.Arrays;
import java.util.Map;
import org.lamina.backend.Backend;
import org.lamina.backend.OptimizerOps;
import org.lamina.optim.AdagradParams;
import org.lamina.optim.AdamParams;
import org.lamina.optim.RmspropParams;
import org.lamina.optim.SgdParams;
import org.lamina.tensor.Tensor;

/**
 * Runs {@code optimizer_*} cases: from {@code param_init}, one step per row of {@code grads} with
 * state tensors that start at zero, collecting the parameter after each step into {@code params_after}.
 */
final class OptimizerCases implements CaseRunner {

    /** A state tensor of the parameter's shape filled with one value, owned by the case. */
    private interface State {
        Tensor filled(double value);

        default Tensor zeros() {
            return filled(0);
        }
    }

    /** One step of the case's rule on {@code param} with gradient {@code grad}. */
    private interface Step {
        void apply(Tensor param, Tensor grad, long t);
    }

    @Override
    public Map<String, float[]> run(GoldenCase c, Backend backend) {
        try (CaseTensors t = new CaseTensors(c, backend)) {
            Tensor param = t.load("param_init");
            int[] shape = param.dims();
            int size = param.size();
            float[] grads = c.load("grads");
            int steps = c.spec("grads").shape()[0];
            Step rule = rule(c, backend.optimizers(), value -> {
                float[] values = new float[size];
                Arrays.fill(values, (float) value);
                return t.keep(backend.tensor(values, shape));
            });
            float[] after = new float[steps * size];
            for (int s = 0; s < steps; s++) {
                try (Tensor g = backend.tensor(Arrays.copyOfRange(grads, s * size, (s + 1) * size), shape)) {
                    rule.apply(param, g, s + 1);
                }
                System.arraycopy(param.toArray(), 0, after, s * size, size);
            }
            t.result("params_after", backend.tensor(after, c.spec("params_after").shape()));
            return t.results();
        }
    }

    private static Step rule(GoldenCase c, OptimizerOps ops, State state) {
        double lr = c.doubleParam("lr", Double.NaN);
        double wd = c.doubleParam("weight_decay", 0);
        switch (c.op()) {
            case "optimizer_sgd" -> {
                SgdParams hp = new SgdParams(lr, c.doubleParam("momentum", 0), c.doubleParam("dampening", 0), wd,
                        c.boolParam("nesterov", false));
                Tensor buf = hp.usesMomentum() ? state.zeros() : null;
                return (p, g, t) -> ops.sgd(p, g, buf, hp, t);
            }
            case "optimizer_adam", "optimizer_adamw" -> {
                if (c.boolParam("amsgrad", false)) {
                    throw new IllegalArgumentException(c.op() + ": amsgrad is not supported");
                }
                double b1 = 0.9, b2 = 0.999;
                if (c.params().has("betas")) {
                    JsonArray betas = c.params().getAsJsonArray("betas");
                    b1 = betas.get(0).getAsDouble();
                    b2 = betas.get(1).getAsDouble();
                }
                AdamParams hp = new AdamParams(lr, b1, b2, c.doubleParam("eps", 1e-8), wd,
                        c.op().equals("optimizer_adamw"));
                Tensor m = state.zeros(), v = state.zeros();
                return (p, g, t) -> ops.adam(p, g, m, v, hp, t);
            }
            case "optimizer_rmsprop" -> {
                if (c.boolParam("centered", false)) {
                    throw new IllegalArgumentException(c.op() + ": centered RMSprop is not supported");
                }
                RmspropParams hp = new RmspropParams(lr, c.doubleParam("alpha", 0.99), c.doubleParam("eps", 1e-8), wd,
                        c.doubleParam("momentum", 0));
                Tensor sq = state.zeros(), buf = hp.usesMomentum() ? state.zeros() : null;
                return (p, g, t) -> ops.rmsprop(p, g, sq, buf, hp);
            }
            case "optimizer_adagrad" -> {
                AdagradParams hp = new AdagradParams(lr, c.doubleParam("lr_decay", 0), wd, c.doubleParam("eps", 1e-10));
                Tensor sum = state.filled(c.doubleParam("initial_accumulator_value", 0));
                return (p, g, t) -> ops.adagrad(p, g, sum, hp, t);
            }
            default -> throw new IllegalArgumentException("not an optimizer case: " + c.op());
        }
    }
}
