package org.lamina.opencl.conv;

import java.util.Map;
import org.lamina.geometry.ConvGeometry;
import org.lamina.opencl.Buffer;
import org.lamina.opencl.ClContext;
import org.lamina.opencl.Device;
import org.lamina.opencl.DeviceType;
import org.lamina.opencl.Kernel;
import org.lamina.opencl.Launch;
import org.lamina.opencl.Program;
import org.lamina.opencl.ProgramSource;

/**
 * Launches {@code depthwise_conv2d.cl}: convolutions with one input channel per group (groups == C),
 * any channel multiplier, stride, padding and dilation. No loop over channels and no wasted tile
 * rows, unlike the direct kernel with one channel per group.
 */
public final class DepthwiseConv2dKernels {
    static final ProgramSource SOURCE = ProgramSource.resource(DepthwiseConv2dKernels.class, "depthwise_conv2d.cl");

    /** Output (forward) and input (backward) columns per work-item, and the work-group size. */
    public record Tuning(int oxTile, int ixTile, int workGroup) {
        public Tuning {
            if (oxTile < 1 || oxTile > 32 || ixTile < 1 || ixTile > 32) {
                throw new IllegalArgumentException("depthwise tuning: tiles " + oxTile + ", " + ixTile
                        + " are outside 1..32");
            }
        }

        public static Tuning defaults(Device device) {
            int wg = Launch.defaultWorkGroup(device);
            return device.type() == DeviceType.CPU ? new Tuning(8, 8, wg) : new Tuning(4, 4, wg);
        }

        Map<String, Integer> defines() {
            return Map.of("OX_TILE", oxTile, "IX_TILE", ixTile);
        }
    }

    private final Tuning tuning;
    private final Kernel forward;
    private final Kernel backwardData;
    private final Kernel backwardFilter;

    public DepthwiseConv2dKernels(ClContext context) {
        this(context, Tuning.defaults(context.device()));
    }

    public DepthwiseConv2dKernels(ClContext context, Tuning tuning) {
        this.tuning = tuning;
        Program p = context.program(SOURCE, tuning.defines());
        this.forward = p.kernel("depthwise_forward");
        this.backwardData = p.kernel("depthwise_backward_data");
        this.backwardFilter = p.kernel("depthwise_backward_filter");
    }

    /** {@code y = depthwise_conv(x, w) + bias}; {@code bias} may be null. */
    public void forward(ConvGeometry g, Buffer x, Buffer w, Buffer bias, Buffer y) {
        requireDepthwise(g);
        Conv2dKernels.checkSizes(g, "depthwise conv2d", x, w, bias, y, g.k());
        forward.launch1D((long) g.n() * g.k() * g.ho() * Launch.blocks(g.wo(), tuning.oxTile()), tuning.workGroup(),
                x, w, bias, y, g.n(), g.c(), g.h(), g.w(), g.k(), g.ho(), g.wo(), g.kh(), g.kw(), g.sh(), g.sw(),
                g.ph(), g.pw(), g.dh(), g.dw(), bias != null ? 1 : 0);
    }

    /** {@code dx} from {@code dy}, plus a per-channel bias of {@code dx} when not null. */
    public void backwardData(ConvGeometry g, Buffer dy, Buffer w, Buffer bias, Buffer dx) {
        requireDepthwise(g);
        Launch.requireSize("depthwise conv2d backward", "grad_output", dy, g.outputSize());
        Launch.requireSize("depthwise conv2d backward", "weight", w, g.weightSize());
        Launch.requireSize("depthwise conv2d backward", "grad_input", dx, g.inputSize());
        if (bias != null) {
            Launch.requireSize("depthwise conv2d backward", "bias", bias, g.c());
        }
        backwardData.launch1D((long) g.n() * g.c() * g.h() * Launch.blocks(g.w(), tuning.ixTile()),
                tuning.workGroup(), dy, w, bias, dx, g.n(), g.c(), g.h(), g.w(), g.k(), g.ho(), g.wo(), g.kh(), g.kw(), g.sh(), g.sw(),
                g.ph(), g.pw(), g.dh(), g.dw(), bias != null ? 1 : 0);
    }

    /** {@code dw}, overwritten. */
    public void backwardFilter(ConvGeometry g, Buffer x, Buffer dy, Buffer dw) {
        requireDepthwise(g);
        Launch.requireSize("depthwise conv2d backward", "input", x, g.inputSize());
        Launch.requireSize("depthwise conv2d backward", "grad_output", dy, g.outputSize());
        Launch.requireSize("depthwise conv2d backward", "grad_weight", dw, g.weightSize());
        backwardFilter.launch1D((long) g.k() * g.kh() * g.kw(), tuning.workGroup(),
                x, dy, dw, g.n(), g.c(), g.h(), g.w(), g.k(), g.ho(), g.wo(), g.kh(), g.kw(), g.sh(), g.sw(),
                g.ph(), g.pw(), g.dh(), g.dw());
    }

    private static void requireDepthwise(ConvGeometry g) {
        if (!g.isDepthwise()) {
            throw new IllegalArgumentException("depthwise conv2d: groups " + g.groups() + " must equal in_channels "
                    + g.c());
        }
    }
}
