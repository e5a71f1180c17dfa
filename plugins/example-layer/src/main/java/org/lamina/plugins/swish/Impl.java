package org.lamina.plugins.swish;

import java.util.Arrays;
import java.util.Locale;
import org.lamina.device.DeviceAccess;
import org.lamina.device.OpenClAccess;

/** Which of swish's implementations runs: the option {@code impl}. */
public enum Impl {
    /** The plugin's own kernel ({@code swish.cl}) on the OpenCL backend's device. */
    OPENCL,
    /** The Java kernels of {@code AparapiSwish}, on Aparapi's device, over host arrays. */
    APARAPI,
    /** Plain loops in double precision: the reference. */
    JAVA,
    /** {@link #OPENCL} on the OpenCL backend, {@link #JAVA} on the Java backend. */
    AUTO;

    /**
     * @throws IllegalArgumentException naming the option and the choices
     */
    public static Impl parse(String text) {
        try {
            return valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("swish: option impl '" + text + "' is not one of "
                    + Arrays.toString(values()).toLowerCase(Locale.ROOT));
        }
    }

    /** The implementation that runs on {@code device}: {@link #AUTO} resolved. */
    Impl on(DeviceAccess device) {
        if (this == AUTO) {
            return device instanceof OpenClAccess ? OPENCL : JAVA;
        }
        if (this == OPENCL && !(device instanceof OpenClAccess)) {
            throw new IllegalArgumentException("swish: impl=opencl needs the OpenCL backend, but the tensors are on "
                    + device.device() + "; use impl=auto, aparapi or java");
        }
        return this;
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
