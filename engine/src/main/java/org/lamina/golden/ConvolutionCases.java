package org.lamina.golden;

import java.util.Map;
import org.lamina.backend.Backend;
import org.lamina.geometry.ConvParams;
import org.lamina.ops.Conv2d;
import org.lamina.ops.ConvTranspose2d;
import org.lamina.ops.Gradients;
import org.lamina.tensor.Tensor;

/** Runs {@code conv2d} and {@code conv_transpose2d} cases: forward, then every gradient. */
final class ConvolutionCases implements CaseRunner {

    @Override
    public Map<String, float[]> run(GoldenCase c, Backend backend) {
        int[] stride = c.pair("stride", 1), pad = c.pair("padding", 0), dil = c.pair("dilation", 1);
        int[] outPad = c.pair("output_padding", 0);
        ConvParams p = ConvParams.defaults().stride(stride[0], stride[1]).padding(pad[0], pad[1])
                .dilation(dil[0], dil[1]).groups(c.intParam("groups", 1));
        boolean transposed = c.op().equals(ConvTranspose2d.NAME);
        if (transposed) {
            p = p.outputPadding(outPad[0], outPad[1]);
        }
        try (CaseTensors t = new CaseTensors(c, backend)) {
            Tensor x = t.load("input");
            Tensor w = t.load("weight");
            Tensor b = c.boolParam("bias", c.has("bias")) ? t.load("bias") : null;
            Conv2d conv = transposed ? null : new Conv2d(p);
            ConvTranspose2d deconv = transposed ? new ConvTranspose2d(p) : null;
            t.result("output", transposed ? deconv.forward(x, w, b) : conv.forward(x, w, b));
            if (c.has("grad_out")) {
                Tensor dy = t.load("grad_out");
                Gradients g = transposed ? deconv.backward(x, w, b, dy, true) : conv.backward(x, w, b, dy, true);
                t.result("grad_input", g.input());
                t.result("grad_weight", g.weight());
                t.result("grad_bias", g.bias());
            }
            return t.results();
        }
    }
}
