package org.lamina.golden;

import java.util.Map;
import org.lamina.backend.Backend;
import org.lamina.ops.Gradients;
import org.lamina.ops.Linear;
import org.lamina.tensor.Tensor;

/** Runs {@code linear} cases: forward, then the gradients of input, weight and bias. */
final class DenseCases implements CaseRunner {

    @Override
    public Map<String, float[]> run(GoldenCase c, Backend backend) {
        try (CaseTensors t = new CaseTensors(c, backend)) {
            Tensor x = t.load("input");
            Tensor w = t.load("weight");
            Tensor b = c.boolParam("bias", c.has("bias")) ? t.load("bias") : null;
            Linear linear = new Linear(c.intParam("in_features", w.dim(1)), c.intParam("out_features", w.dim(0)));
            t.result("output", linear.forward(x, w, b));
            if (c.has("grad_out")) {
                Gradients g = linear.backward(x, w, b, t.load("grad_out"), true);
                t.result("grad_input", g.input());
                t.result("grad_weight", g.weight());
                t.result("grad_bias", g.bias());
            }
            return t.results();
        }
    }
}
