package org.lamina.onnx;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import org.lamina.graph.Network;
import org.lamina.spi.Architecture;
import org.lamina.spi.Options;
import org.osgi.service.component.annotations.Component;

/**
 * The architecture of an imported ONNX model: {@code --arch onnx --arch-options model=FILE}, the network
 * of that ONNX file (its weights come from the checkpoint, see {@link OnnxImport#importTo}). It takes
 * the input shape and number of classes the ONNX model was made for, nothing else.
 */
@Component(service = Architecture.class)
public final class OnnxArchitecture implements Architecture {
    public static final String NAME = "onnx";
    public static final String MODEL_OPTION = "model";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "a network imported from ONNX ('lamina import'); model=FILE (the run's graph.onnx)";
    }

    @Override
    public Network build(int[] inputShape, int classes, Options options) {
        options.requireOnly(NAME, Set.of(MODEL_OPTION));
        String file = options.string(MODEL_OPTION, "");
        if (file.isBlank()) {
            throw new IllegalArgumentException(NAME + ": give the ONNX file as --arch-options " + MODEL_OPTION
                    + "=FILE (the graph.onnx that 'lamina import' wrote)");
        }
        Network net = OnnxImport.network(Path.of(file));
        int[] expected = net.node(net.inputs().get(0)).shape();
        if (!Arrays.equals(expected, inputShape)) {
            throw new IllegalArgumentException(NAME + ": " + file + " takes inputs of shape " + Arrays.toString(expected)
                    + ", not " + Arrays.toString(inputShape));
        }
        long outputs = net.node(net.outputs().get(0)).size();
        if (outputs != classes) {
            throw new IllegalArgumentException(NAME + ": " + file + " has " + outputs + " outputs, not " + classes
                    + " classes");
        }
        return net;
    }
}
