package org.lamina.plugins.swish;

import java.util.Set;
import org.lamina.graph.Layer;
import org.lamina.spi.LayerType;
import org.lamina.spi.Options;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * The {@code swish} layer type. Options: {@code beta} (default 1, PyTorch's SiLU) and {@code impl}
 * ({@code auto}, {@code opencl}, {@code aparapi} or {@code java}; see {@link Impl}).
 *
 * <p>Immediate, so that it lives exactly as long as its bundle is active: its deactivation is the
 * bundle stopping, when the plugin releases its OpenCL programs and Aparapi kernels.
 */
@Component(service = LayerType.class, immediate = true)
public final class SwishLayerType implements LayerType {
    static final Set<String> OPTIONS = Set.of("beta", "impl");

    @Override
    public String name() {
        return "swish";
    }

    @Override
    public String description() {
        return "x * sigmoid(beta * x) (beta=1, impl=auto|opencl|aparapi|java)";
    }

    @Override
    public Layer create(Options options) {
        return new SwishLayer(swish(options, "swish"));
    }

    /** The op configured by {@code options}, errors naming {@code owner}. */
    static Swish swish(Options options, String owner) {
        options.requireOnly(owner, OPTIONS);
        return new Swish(options.number("beta", 1.0), Impl.parse(options.string("impl", "auto")));
    }

    @Activate
    void activate() {
        SwishPlugin.started();
    }

    @Deactivate
    void deactivate() {
        SwishPlugin.stop();
    }
}
