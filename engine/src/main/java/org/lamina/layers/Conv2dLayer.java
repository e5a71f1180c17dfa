package org.lamina.layers;

import java.util.ArrayList;
import java.util.List;
import org.lamina.geometry.ConvGeometry;
import org.lamina.geometry.ConvParams;
import org.lamina.graph.Initializer;
import org.lamina.graph.Layer;
import org.lamina.graph.LayerContext;
import org.lamina.graph.ParamSpec;
import org.lamina.graph.Window;
import org.lamina.ops.Conv2d;
import org.lamina.ops.ConvTranspose2d;
import org.lamina.ops.Gradients;
import org.lamina.tensor.Tensor;

/**
 * A convolution layer, or a transposed convolution: weight (OIHW, or {@code [C_in, C_out/groups, kH, kW]}
 * when transposed) and optional bias, every variant of {@link ConvParams}.
 */
public final class Conv2dLayer implements Layer {
    private final boolean transposed;
    private final int outChannels;
    private final int kernelH;
    private final int kernelW;
    private final ConvParams params;
    private final boolean bias;
    private final Initializer weightInit;
    private final Initializer biasInit;

    private Conv2dLayer(boolean transposed, int outChannels, int kernelH, int kernelW, ConvParams params, boolean bias,
            Initializer weightInit, Initializer biasInit) {
        if (outChannels < 1 || kernelH < 1 || kernelW < 1) {
            throw new IllegalArgumentException((transposed ? ConvTranspose2d.NAME : Conv2d.NAME) + ": out_channels "
                    + outChannels + " and kernel " + kernelH + "x" + kernelW + " must be at least 1");
        }
        this.transposed = transposed;
        this.outChannels = outChannels;
        this.kernelH = kernelH;
        this.kernelW = kernelW;
        this.params = params;
        this.bias = bias;
        this.weightInit = weightInit;
        this.biasInit = biasInit;
    }

    /** A convolution with stride 1, no padding, bias, PyTorch's default weight initialization, zero bias. */
    public static Conv2dLayer conv(int outChannels, int kernelH, int kernelW) {
        return new Conv2dLayer(false, outChannels, kernelH, kernelW, ConvParams.defaults(), true,
                Initializer.pytorchDefault(), Initializer.zeros());
    }

    /** A transposed convolution, defaults as {@link #conv}. */
    public static Conv2dLayer transposed(int outChannels, int kernelH, int kernelW) {
        return new Conv2dLayer(true, outChannels, kernelH, kernelW, ConvParams.defaults(), true,
                Initializer.pytorchDefault(), Initializer.zeros());
    }

    public ConvParams params() {
        return params;
    }

    /** Whether this is a transposed convolution. */
    public boolean isTransposed() {
        return transposed;
    }

    public boolean hasBias() {
        return bias;
    }

    public Conv2dLayer withParams(ConvParams p) {
        return new Conv2dLayer(transposed, outChannels, kernelH, kernelW, p, bias, weightInit, biasInit);
    }

    public Conv2dLayer withBias(boolean on) {
        return new Conv2dLayer(transposed, outChannels, kernelH, kernelW, params, on, weightInit, biasInit);
    }

    public Conv2dLayer withWeightInit(Initializer init) {
        return new Conv2dLayer(transposed, outChannels, kernelH, kernelW, params, bias, init, biasInit);
    }

    public Conv2dLayer withBiasInit(Initializer init) {
        return new Conv2dLayer(transposed, outChannels, kernelH, kernelW, params, bias, weightInit, init);
    }

    @Override
    public String type() {
        return transposed ? ConvTranspose2d.NAME : Conv2d.NAME;
    }

    private int[] weightShape(int inChannels) {
        int g = params.groups();
        return transposed ? new int[] {inChannels, outChannels / Math.max(1, g), kernelH, kernelW}
                : new int[] {outChannels, inChannels / Math.max(1, g), kernelH, kernelW};
    }

    @Override
    public int[] outputShape(List<int[]> inputs) {
        int[] in = Inputs.oneImage(inputs, type());
        if (transposed && outChannels % params.groups() != 0) {
            throw new IllegalArgumentException(type() + ": out_channels " + outChannels + " is not divisible by groups "
                    + params.groups());
        }
        int[] x = {1, in[0], in[1], in[2]};
        ConvGeometry g = transposed ? ConvGeometry.transposed(type(), x, weightShape(in[0]), params)
                : ConvGeometry.forward(type(), x, weightShape(in[0]), params);
        return transposed ? new int[] {g.c(), g.h(), g.w()} : new int[] {g.k(), g.ho(), g.wo()};
    }

    @Override
    public List<ParamSpec> parameters(List<int[]> inputs) {
        int[] in = Inputs.oneImage(inputs, type());
        int[] w = weightShape(in[0]);
        // Fans as PyTorch computes them from the weight tensor: dim 1 x kernel area, dim 0 x kernel area.
        int area = kernelH * kernelW, fanIn = w[1] * area, fanOut = w[0] * area;
        List<ParamSpec> specs = new ArrayList<>();
        specs.add(ParamSpec.weight("weight", w, weightInit, fanIn, fanOut));
        if (bias) {
            specs.add(ParamSpec.unregularized("bias", new int[] {outChannels}, biasInit, fanIn, fanOut));
        }
        return specs;
    }

    @Override
    public Tensor forward(LayerContext ctx, List<Tensor> inputs) {
        Tensor b = bias ? ctx.param("bias") : null;
        return transposed ? new ConvTranspose2d(params).forward(inputs.get(0), ctx.param("weight"), b)
                : new Conv2d(params).forward(inputs.get(0), ctx.param("weight"), b);
    }

    @Override
    public List<Tensor> backward(LayerContext ctx, List<Tensor> inputs, Tensor output, Tensor gradOutput) {
        Tensor b = bias ? ctx.param("bias") : null;
        boolean dx = ctx.needsInputGradient(0);
        Gradients g = transposed
                ? new ConvTranspose2d(params).backward(inputs.get(0), ctx.param("weight"), b, gradOutput, dx)
                : new Conv2d(params).backward(inputs.get(0), ctx.param("weight"), b, gradOutput, dx);
        ctx.gradient("weight", g.weight());
        if (bias) {
            ctx.gradient("bias", g.bias());
        }
        List<Tensor> out = new ArrayList<>();
        out.add(g.input());
        return out;
    }

    @Override
    public Window window() {
        return Window.of(kernelH, kernelW, params.strideH(), params.strideW(), params.dilationH(), params.dilationW(),
                params.padH(), params.padW()).transposedIf(transposed);
    }

    @Override
    public String toString() {
        return type() + "(" + outChannels + ", " + kernelH + "x" + kernelW + ", " + params + (bias ? "" : ", no bias")
                + ")";
    }
}
