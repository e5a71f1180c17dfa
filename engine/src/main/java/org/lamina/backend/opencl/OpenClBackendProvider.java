package org.lamina.backend.opencl;

import java.util.Optional;
import org.lamina.backend.Backend;
import org.lamina.backend.BackendProvider;
import org.lamina.opencl.ClContext;
import org.lamina.opencl.Device;
import org.lamina.opencl.Devices;
import org.lamina.opencl.ProgramCache;

/**
 * The OpenCL backend: a device by index, type or name ({@link Devices#select}), by default the fastest
 * real one ({@link Devices#choice()}). Ahead of the Java backend.
 */
public final class OpenClBackendProvider implements BackendProvider {

    @Override
    public String name() {
        return "opencl";
    }

    @Override
    public String what() {
        return "OpenCL device";
    }

    @Override
    public int priority() {
        return 100;
    }

    /** Every description but a provider's name is an OpenCL device's; a type is a preference. */
    @Override
    public Optional<Choice> select(String spec) {
        try {
            return Optional.of(choice(Devices.select(spec)));
        } catch (IllegalArgumentException e) {
            if (Devices.isType(spec)) {
                throw new Unmet(e.getMessage(), e);
            }
            throw e;
        }
    }

    @Override
    public Optional<Choice> best() {
        return Devices.choice().device().map(OpenClBackendProvider::choice);
    }

    @Override
    public String whyNone() {
        return Devices.problem().orElse(Devices.choice().reason());
    }

    private static Choice choice(Device device) {
        return new Choice() {
            @Override
            public String key() {
                return "#" + device.index();
            }

            @Override
            public Backend open(Settings settings) {
                if (settings.kernelCache().isEmpty()) {
                    return new OpenClBackend(device);
                }
                ClContext.Options options = ClContext.Options.defaults().cache(ProgramCache.at(settings.kernelCache().get()));
                return new OpenClBackend(ClContext.create(device, options), true);
            }
        };
    }
}
