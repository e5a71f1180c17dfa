package org.lamina.golden;

import java.util.Map;
import org.lamina.backend.Backend;
import org.lamina.backend.LossOps;
import org.lamina.ops.ContentLoss;
import org.lamina.ops.GramMatrix;
import org.lamina.ops.StyleLoss;
import org.lamina.tensor.Tensor;

/**
 * Runs the cases of neural style transfer's ops: {@code gram_matrix} (output, and with {@code grad_out}
 * the input's gradient), {@code style_loss} and {@code content_loss} (input and target features, param
 * {@code weight}; the loss and the input's gradient).
 */
final class StyleCases implements CaseRunner {
    static final String[] OPS = {GramMatrix.NAME, StyleLoss.NAME, ContentLoss.NAME};

    @Override
    public Map<String, float[]> run(GoldenCase c, Backend backend) {
        try (CaseTensors t = new CaseTensors(c, backend)) {
            switch (c.op()) {
                case GramMatrix.NAME -> {
                    String norm = c.params().has("normalization") ? c.params().get("normalization").getAsString()
                            : "C*H*W";
                    if (!norm.equals("C*H*W")) {
                        throw new IllegalArgumentException(c.op() + ": normalization '" + norm
                                + "' is not supported (C*H*W only)");
                    }
                    GramMatrix gram = new GramMatrix();
                    Tensor x = t.load("input");
                    t.result("output", gram.forward(x));
                    if (c.has("grad_out")) {
                        t.result("grad_input", gram.backward(x, t.load("grad_out")));
                    }
                }
                case StyleLoss.NAME, ContentLoss.NAME -> {
                    double weight = c.doubleParam("weight", 1);
                    Tensor x = t.load("input"), target = t.load("target");
                    LossOps.Result r = c.op().equals(StyleLoss.NAME)
                            ? new StyleLoss(weight).forwardFeatures(x, target)
                            : new ContentLoss(weight).forward(x, target);
                    t.result("loss", r.loss());
                    t.result("grad_input", r.gradInput());
                }
                default -> throw new IllegalArgumentException("not a style transfer case: " + c.op());
            }
            return t.results();
        }
    }
}
