package org.lamina.golden;

import java.util.Map;
import org.lamina.backend.Backend;
import org.lamina.ops.BatchNorm2d;
import org.lamina.ops.Gradients;
import org.lamina.tensor.Tensor;

/**
 * Runs {@code batch_norm2d} cases in training or evaluation mode: the output, the running statistics
 * after the call ({@code running_mean_out}, {@code running_var_out}; updated in place in training),
 * then the gradients of input, weight (gamma) and bias (beta).
 */
final class BatchNormCases implements CaseRunner {

    @Override
    public Map<String, float[]> run(GoldenCase c, Backend backend) {
        boolean training = c.boolParam("training", true);
        BatchNorm2d bn = new BatchNorm2d(c.doubleParam("eps", BatchNorm2d.DEFAULT_EPS),
                c.doubleParam("momentum", BatchNorm2d.DEFAULT_MOMENTUM));
        try (CaseTensors t = new CaseTensors(c, backend)) {
            Tensor x = t.load("input");
            boolean affine = c.boolParam("affine", c.has("weight"));
            Tensor gamma = affine ? t.load("weight") : null;
            Tensor beta = affine ? t.load("bias") : null;
            Tensor runningMean = t.loadIfPresent("running_mean");
            Tensor runningVar = t.loadIfPresent("running_var");
            BatchNorm2d.Result r = bn.forward(x, gamma, beta, runningMean, runningVar, training);
            t.keep(r.mean());
            t.keep(r.invStd());
            t.result("output", r.output());
            t.result("batch_mean", training ? r.mean() : null);
            if (runningMean != null) {
                t.result("running_mean_out", runningMean);
                t.result("running_var_out", runningVar);
            }
            if (c.has("grad_out")) {
                Gradients g = bn.backward(x, gamma, beta, r, t.load("grad_out"), true);
                t.result("grad_input", g.input());
                t.result("grad_weight", g.weight());
                t.result("grad_bias", g.bias());
            }
            return t.results();
        }
    }
}
