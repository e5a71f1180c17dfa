package org.lamina.golden;

import java.util.Map;
import org.lamina.backend.Backend;
import org.lamina.ops.LocalResponseNorm;
import org.lamina.tensor.Tensor;

/**
 * Runs {@code local_response_norm} cases: forward, then the input gradient. Reads size, alpha, beta
 * and k (PyTorch's convention); {@code alpha_per_term} in a case, when present, must equal
 * alpha / size, which guards against a set written in the other convention.
 */
final class LocalResponseNormCases implements CaseRunner {

    @Override
    public Map<String, float[]> run(GoldenCase c, Backend backend) {
        LocalResponseNorm op = new LocalResponseNorm(c.intParam("size", 5), c.doubleParam("alpha", 1e-4),
                c.doubleParam("beta", 0.75), c.doubleParam("k", 1.0));
        double perTerm = c.doubleParam("alpha_per_term", op.params().alphaPerTerm());
        if (Math.abs(perTerm - op.params().alphaPerTerm()) > 1e-12 * Math.max(1, Math.abs(perTerm))) {
            throw new IllegalArgumentException("local_response_norm: alpha_per_term " + perTerm + " is not alpha / size = "
                    + op.params().alphaPerTerm());
        }
        try (CaseTensors t = new CaseTensors(c, backend)) {
            Tensor x = t.load("input");
            t.result("output", op.forward(x));
            if (c.has("grad_out")) {
                t.result("grad_input", op.backward(x, t.load("grad_out")));
            }
            return t.results();
        }
    }
}
