package org.lamina.golden;

import java.util.Map;
import org.lamina.backend.Backend;
import org.lamina.backend.LossOps;
import org.lamina.ops.MseLoss;
import org.lamina.ops.MultiMarginLoss;
import org.lamina.ops.PixelCrossEntropy;
import org.lamina.ops.SoftmaxCrossEntropy;

/**
 * Runs {@code cross_entropy}, {@code multi_margin_loss}, {@code mse_loss} and {@code pixel_cross_entropy}
 * cases: the loss and its gradients.
 */
final class LossCases implements CaseRunner {

    @Override
    public Map<String, float[]> run(GoldenCase c, Backend backend) {
        String reduction = c.params().has("reduction") ? c.params().get("reduction").getAsString() : "mean";
        if (!reduction.equals("mean")) {
            throw new IllegalArgumentException(c.op() + ": reduction '" + reduction + "' is not supported (mean only)");
        }
        try (CaseTensors t = new CaseTensors(c, backend)) {
            LossOps.Result r = switch (c.op()) {
                case SoftmaxCrossEntropy.NAME -> {
                    if (c.doubleParam("label_smoothing", 0) != 0) {
                        throw new IllegalArgumentException(c.op() + ": label smoothing is not supported");
                    }
                    yield new SoftmaxCrossEntropy().forward(t.load("logits"), t.load("labels"));
                }
                case MultiMarginLoss.NAME -> {
                    if (c.intParam("p", 1) != 1 || (c.params().has("weight") && !c.params().get("weight").isJsonNull())) {
                        throw new IllegalArgumentException(c.op() + ": only p = 1 without class weights is supported");
                    }
                    yield new MultiMarginLoss((float) c.doubleParam("margin", 1)).forward(t.load("logits"),
                            t.load("labels"));
                }
                case MseLoss.NAME -> new MseLoss().forward(t.load("input"), t.load("target"));
                case PixelCrossEntropy.NAME -> {
                    if (c.intParam("ignore_index", -1) != -1) {
                        throw new IllegalArgumentException(c.op() + ": only ignore_index -1 is supported");
                    }
                    yield new PixelCrossEntropy().forward(t.load("logits"), t.load("labels"));
                }
                default -> throw new IllegalArgumentException("not a loss case: " + c.op());
            };
            t.result("loss", r.loss());
            if (r.gradTarget() == null) {
                t.result("grad_logits", r.gradInput());
            } else {
                t.result("grad_input", r.gradInput());
                t.result("grad_target", r.gradTarget());
            }
            return t.results();
        }
    }
}
