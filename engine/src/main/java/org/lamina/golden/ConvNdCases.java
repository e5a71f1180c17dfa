package org.lamina.golden;

import java.util.Map;
import org.lamina.backend.Backend;
import org.lamina.geometry.Conv1dParams;
import org.lamina.geometry.Conv3dParams;
import org.lamina.ops.Conv1d;
import org.lamina.ops.Conv3d;
import org.lamina.ops.Gradients;
import org.lamina.tensor.Tensor;

/** Runs {@code conv1d} and {@code conv3d} cases: forward, then every gradient. */
final class ConvNdCases implements CaseRunner {

    @Override
    public Map<String, float[]> run(GoldenCase c, Backend backend) {
        boolean one = c.op().equals(Conv1d.NAME);
        int groups = c.intParam("groups", 1);
        Conv1d conv1 = null;
        Conv3d conv3 = null;
        if (one) {
            conv1 = new Conv1d(new Conv1dParams(c.single("stride", 1), c.single("padding", 0), c.single("dilation", 1),
                    groups));
        } else {
            int[] s = c.triple("stride", 1), p = c.triple("padding", 0), d = c.triple("dilation", 1);
            conv3 = new Conv3d(Conv3dParams.defaults().stride(s[0], s[1], s[2]).padding(p[0], p[1], p[2])
                    .dilation(d[0], d[1], d[2]).groups(groups));
        }
        try (CaseTensors t = new CaseTensors(c, backend)) {
            Tensor x = t.load("input");
            Tensor w = t.load("weight");
            Tensor b = c.boolParam("bias", c.has("bias")) ? t.load("bias") : null;
            t.result("output", one ? conv1.forward(x, w, b) : conv3.forward(x, w, b));
            if (c.has("grad_out")) {
                Tensor dy = t.load("grad_out");
                Gradients g = one ? conv1.backward(x, w, b, dy, true) : conv3.backward(x, w, b, dy, true);
                t.result("grad_input", g.input());
                t.result("grad_weight", g.weight());
                t.result("grad_bias", g.bias());
            }
            return t.results();
        }
    }
}
