package org.lamina.opencl;

import java.util.Locale;
import org.jocl.CL;

/** The kind of an OpenCL device. FPGAs report themselves as accelerators. */
public enum DeviceType {
    GPU, CPU, ACCELERATOR, CUSTOM, OTHER;

    static DeviceType of(long clType) {
        if ((clType & CL.CL_DEVICE_TYPE_GPU) != 0) {
            return GPU;
        }
        if ((clType & CL.CL_DEVICE_TYPE_ACCELERATOR) != 0) {
            return ACCELERATOR;
        }
        if ((clType & CL.CL_DEVICE_TYPE_CPU) != 0) {
            return CPU;
        }
        if ((clType & CL.CL_DEVICE_TYPE_CUSTOM) != 0) {
            return CUSTOM;
        }
        return OTHER;
    }

    /** Parses a type as a user writes it ({@code gpu}, {@code cpu}, {@code accelerator} or {@code fpga}). */
    static DeviceType parse(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "gpu" -> GPU;
            case "cpu" -> CPU;
            case "accelerator", "fpga" -> ACCELERATOR;
            case "custom" -> CUSTOM;
            default -> null;
        };
    }
}
