package org.lamina.layers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.lamina.geometry.Conv1dParams;
import org.lamina.geometry.Conv3dGeometry;
import org.lamina.geometry.Conv3dParams;
import org.lamina.graph.Initializer;
import org.lamina.graph.Layer;
import org.lamina.graph.LayerContext;
import org.lamina.graph.ParamSpec;
import org.lamina.graph.Window;
import org.lamina.ops.Conv1d;
import org.lamina.ops.Conv3d;
import org.lamina.ops.Gradients;
import org.lamina.tensor.Tensor;

/**
 * A 1-D convolution layer (input {@code [C, L]} per example, weight {@code [C_out, C_in/groups, k]})
 * or a 3-D one (input {@code [C, D, H, W]}, weight {@code [C_out, C_in/groups, kD, kH, kW]}), with an
 * optional bias {@code [C_out]}; parameters are named {@code weight} and {@code bias} as in PyTorch,
 * and initialized as PyTorch does by default.
 */
public final class ConvNdLayer implements Layer {
    private final int outChannels;
    private final int[] kernel;
    private final Conv1dParams params1;
    private final Conv3dParams params3;
    private final boolean bias;

    private ConvNdLayer(int outChannels, int[] kernel, Conv1dParams params1, Conv3dParams params3, boolean bias) {
        String type = params1 != null ? Conv1d.NAME : Conv3d.NAME;
        if (outChannels < 1) {
            throw new IllegalArgumentException(type + ": out_channels must be at least 1 but is " + outChannels);
        }
        for (int k : kernel) {
            if (k < 1) {
                throw new IllegalArgumentException(type + ": kernel_size must be at least 1 but is "
                        + Arrays.toString(kernel));
            }
        }
        int groups = params1 != null ? params1.groups() : params3.groups();
        if (groups < 1 || outChannels % groups != 0) {
            throw new IllegalArgumentException(type + ": out_channels " + outChannels
                    + " must be divisible by groups " + groups + " (at least 1)");
        }
        this.outChannels = outChannels;
        this.kernel = kernel.clone();
        this.params1 = params1;
        this.params3 = params3;
        this.bias = bias;
    }

    /** A 1-D convolution with kernel length {@code k}. */
    public static ConvNdLayer conv1d(int outChannels, int k, Conv1dParams p, boolean bias) {
        return new ConvNdLayer(outChannels, new int[] {k}, p, null, bias);
    }

    /** A 3-D convolution with a {@code kD x kH x kW} kernel. */
    public static ConvNdLayer conv3d(int outChannels, int kD, int kH, int kW, Conv3dParams p, boolean bias) {
        return new ConvNdLayer(outChannels, new int[] {kD, kH, kW}, null, p, bias);
    }

    public boolean hasBias() {
        return bias;
    }

    @Override
    public String type() {
        return params1 != null ? Conv1d.NAME : Conv3d.NAME;
    }

    private int groups() {
        return params1 != null ? params1.groups() : params3.groups();
    }

    private int[] weightShape(int inChannels) {
        int[] w = new int[2 + kernel.length];
        w[0] = outChannels;
        w[1] = inChannels / groups();
        System.arraycopy(kernel, 0, w, 2, kernel.length);
        return w;
    }

    private int[] input(List<int[]> inputs) {
        int[] in = Inputs.one(inputs, type());
        if (in.length != kernel.length + 1) {
            throw new IllegalArgumentException(type() + " expects one input of shape "
                    + (params1 != null ? "[C, L]" : "[C, D, H, W]") + ", got " + Arrays.toString(in));
        }
        if (in[0] % groups() != 0) {
            throw new IllegalArgumentException(type() + ": in_channels " + in[0] + " is not divisible by groups "
                    + groups());
        }
        return in;
    }

    @Override
    public int[] outputShape(List<int[]> inputs) {
        int[] in = input(inputs);
        int[] x = new int[in.length + 1];
        x[0] = 1;
        System.arraycopy(in, 0, x, 1, in.length);
        int[] w = weightShape(in[0]);
        if (params1 != null) {
            return new int[] {outChannels, new Conv1d(params1).geometry(x, w).wo()};
        }
        Conv3dGeometry g = Conv3dGeometry.of(type(), x, w, params3);
        return new int[] {outChannels, g.od(), g.oh(), g.ow()};
    }

    @Override
    public List<ParamSpec> parameters(List<int[]> inputs) {
        int[] w = weightShape(input(inputs)[0]);
        int volume = 1;
        for (int k : kernel) {
            volume *= k;
        }
        // Fans as PyTorch computes them from the weight tensor.
        int fanIn = w[1] * volume, fanOut = w[0] * volume;
        List<ParamSpec> specs = new ArrayList<>();
        specs.add(ParamSpec.weight("weight", w, Initializer.pytorchDefault(), fanIn, fanOut));
        if (bias) {
            specs.add(ParamSpec.unregularized("bias", new int[] {outChannels}, Initializer.zeros(), fanIn, fanOut));
        }
        return specs;
    }

    @Override
    public Tensor forward(LayerContext ctx, List<Tensor> inputs) {
        Tensor b = bias ? ctx.param("bias") : null;
        return params1 != null ? new Conv1d(params1).forward(inputs.get(0), ctx.param("weight"), b)
                : new Conv3d(params3).forward(inputs.get(0), ctx.param("weight"), b);
    }

    @Override
    public List<Tensor> backward(LayerContext ctx, List<Tensor> inputs, Tensor output, Tensor gradOutput) {
        Tensor b = bias ? ctx.param("bias") : null;
        boolean dx = ctx.needsInputGradient(0);
        Gradients g = params1 != null ? new Conv1d(params1).backward(inputs.get(0), ctx.param("weight"), b, gradOutput, dx)
                : new Conv3d(params3).backward(inputs.get(0), ctx.param("weight"), b, gradOutput, dx);
        ctx.gradient("weight", g.weight());
        if (bias) {
            ctx.gradient("bias", g.bias());
        }
        List<Tensor> out = new ArrayList<>();
        out.add(g.input());
        return out;
    }

    /**
     * The window in the summary's (H, W) terms: a 1-D kernel runs along W of the {@code [1, L]} view;
     * a 3-D kernel's receptive field is reported over (H, W), its depth left out.
     */
    @Override
    public Window window() {
        if (params1 != null) {
            return Window.of(1, kernel[0], 1, params1.stride(), 1, params1.dilation(), 0, params1.padding());
        }
        return Window.of(kernel[1], kernel[2], params3.strideH(), params3.strideW(), params3.dilationH(),
                params3.dilationW(), params3.padH(), params3.padW());
    }

    @Override
    public String toString() {
        return type() + "(" + outChannels + ", " + String.join("x", Arrays.stream(kernel).mapToObj(String::valueOf)
                .toList()) + ", " + (params1 != null ? params1 : params3) + (bias ? "" : ", no bias") + ")";
    }
}
