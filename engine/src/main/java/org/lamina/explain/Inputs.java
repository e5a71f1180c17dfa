package org.lamina.explain;

import java.util.Arrays;
import org.lamina.exec.Executor;
import org.lamina.graph.Network;
import org.lamina.tensor.Tensor;

/** The checks every method makes of the network and the images it is given. */
final class Inputs {
    private Inputs() {
    }

    /**
     * The network's single image input and single output, and images {@code [N, C, H, W]} that fit it.
     *
     * @throws IllegalArgumentException naming what does not fit
     */
    static void check(String method, Executor ex, Tensor images) {
        Network net = ex.model().network();
        if (net.inputs().size() != 1 || net.outputs().size() != 1) {
            throw new IllegalArgumentException(method + ": network " + net.name() + " has inputs " + net.inputs()
                    + " and outputs " + net.outputs() + "; one image input and one output of class scores are needed");
        }
        int[] want = net.node(net.inputs().get(0)).shape();
        int[] got = images.dims();
        if (want.length != 3 || got.length != 4 || !Arrays.equals(Arrays.copyOfRange(got, 1, 4), want)) {
            throw new IllegalArgumentException(method + ": images of shape " + Arrays.toString(got) + " given, but "
                    + net.name() + " takes [N, " + Arrays.toString(want).substring(1));
        }
        if (net.node(net.outputs().get(0)).shape().length != 1) {
            throw new IllegalArgumentException(method + ": the output " + net.outputs().get(0) + " of " + net.name()
                    + " has shape " + Arrays.toString(net.node(net.outputs().get(0)).shape())
                    + ", not [classes]");
        }
    }

    static String input(Executor ex) {
        return ex.model().network().inputs().get(0);
    }

    static String output(Executor ex) {
        return ex.model().network().outputs().get(0);
    }
}
