package org.lamina.layers;

import java.util.ArrayList;
import java.util.List;
import org.lamina.backend.BatchNormOps;
import org.lamina.graph.Initializer;
import org.lamina.graph.Layer;
import org.lamina.graph.LayerContext;
import org.lamina.graph.ParamSpec;
import org.lamina.ops.BatchNorm2d;
import org.lamina.tensor.Tensor;

/**
 * Batch normalization per channel with learned scale and shift, and running statistics kept as
 * state (updated in training, used in inference).
 */
public final class BatchNormLayer implements Layer {
    private final BatchNorm2d op;

    public BatchNormLayer() {
        this(new BatchNorm2d());
    }

    public BatchNormLayer(BatchNorm2d op) {
        this.op = op;
    }

    /** The op, with its eps and momentum. */
    public BatchNorm2d op() {
        return op;
    }

    @Override
    public String type() {
        return BatchNorm2d.NAME;
    }

    @Override
    public int[] outputShape(List<int[]> inputs) {
        Inputs.oneImage(inputs, type());
        return inputs.get(0).clone();
    }

    @Override
    public List<ParamSpec> parameters(List<int[]> inputs) {
        int[] c = {inputs.get(0)[0]};
        return List.of(ParamSpec.unregularized("weight", c, Initializer.constant(1f), c[0], c[0]),
                ParamSpec.unregularized("bias", c, Initializer.zeros(), c[0], c[0]),
                ParamSpec.state("running_mean", c, Initializer.zeros()),
                ParamSpec.state("running_var", c, Initializer.constant(1f)));
    }

    @Override
    public Tensor forward(LayerContext ctx, List<Tensor> inputs) {
        BatchNorm2d.Result r = op.forward(inputs.get(0), ctx.param("weight"), ctx.param("bias"),
                ctx.param("running_mean"), ctx.param("running_var"), ctx.training());
        // Kept in both modes: an evaluated network is differentiated too (visualization); the executor
        // drops it when no backward follows.
        ctx.save(new Saved(r.mean(), r.invStd(), ctx.training()));
        return r.output();
    }

    @Override
    public List<Tensor> backward(LayerContext ctx, List<Tensor> inputs, Tensor output, Tensor gradOutput) {
        Saved s = ctx.saved(Saved.class);
        Tensor x = inputs.get(0);
        BatchNormOps.Backward g = x.backend().batchNorm().backward(x, gradOutput, ctx.param("weight"),
                ctx.param("bias"), s.mean(), s.invStd(), s.training(), ctx.needsInputGradient(0));
        ctx.gradient("weight", g.gamma());
        ctx.gradient("bias", g.beta());
        List<Tensor> out = new ArrayList<>();
        out.add(g.input());
        return out;
    }

    /** The statistics backward reads: the batch's in training, the running ones in inference (constants then). */
    record Saved(Tensor mean, Tensor invStd, boolean training) implements AutoCloseable {
        @Override
        public void close() {
            mean.close();
            invStd.close();
        }
    }

    @Override
    public String toString() {
        return op.toString();
    }

}
