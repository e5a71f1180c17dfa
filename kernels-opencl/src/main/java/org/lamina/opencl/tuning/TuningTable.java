package org.lamina.opencl.tuning;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.util.Map;
import java.util.TreeMap;
import org.lamina.opencl.Device;
import org.lamina.opencl.conv.ConvAlgorithm;
import org.lamina.opencl.conv.ConvChoice;
import org.lamina.opencl.conv.ConvSelector;
import org.lamina.opencl.gemm.GemmKernels;

/**
 * What {@code lamina tune} found for one device: the GEMM tuning, and the convolution algorithm of
 * each pass per {@link org.lamina.opencl.conv.ConvShapeClass shape class}. Stored as JSON:
 *
 * <pre>{@code
 * {"format": 1, "device": "<Device.cacheKey()>", "created": "2026-12-06T05:30:00Z",
 *  "gemm": {"tm": 6, "tn": 32, "vw": 16, "ku": 4, "local": false, "wgm": 1, "wgn": 64, "rowsFastest": true},
 *  "conv": {"3x3-s1-d1-dense-r1024-k128-p1024":
 *             {"forward": "IM2COL_GEMM", "backwardData": "IM2COL_GEMM", "backwardFilter": "IM2COL_GEMM"}}}
 * }</pre>
 */
public record TuningTable(String device, String created, GemmKernels.Tuning gemm, Map<String, ConvChoice> conv) {
    static final int FORMAT = 1;
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    public TuningTable {
        conv = Map.copyOf(conv);
    }

    /** The untuned settings of a device: default GEMM tiles and no per-class choices. */
    public static TuningTable defaults(Device device) {
        return new TuningTable(device.cacheKey(), null, GemmKernels.Tuning.defaults(device), Map.of());
    }

    /** The selector these choices make on {@code device}. */
    public ConvSelector selector(Device device) {
        return new ConvSelector(device.type(), conv);
    }

    /** The same table with {@code choice} for {@code shapeClass}. */
    public TuningTable with(String shapeClass, ConvChoice choice) {
        Map<String, ConvChoice> m = new TreeMap<>(conv);
        m.put(shapeClass, choice);
        return new TuningTable(device, created, gemm, m);
    }

    /** Serialized form: plain fields, enums by name, classes sorted. */
    private record Json(int format, String device, String created, GemmKernels.Tuning gemm,
            Map<String, ConvChoice> conv) {
    }

    public String toJson() {
        return GSON.toJson(new Json(FORMAT, device, created, gemm, new TreeMap<>(conv))) + "\n";
    }

    /**
     * Parses a table.
     *
     * @throws IllegalArgumentException naming what is wrong: not JSON, another format, a missing field,
     *     an unknown algorithm or tuning values out of range
     */
    public static TuningTable fromJson(String text, String source) {
        Json j;
        try {
            j = GSON.fromJson(text, Json.class);
        } catch (RuntimeException e) {
            // Gson builds records through their constructors, so a value out of range arrives here as
            // the constructor's exception, wrapped.
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            throw new IllegalArgumentException("tuning file " + source + ": not a valid tuning table (" + root.getMessage()
                    + ")", e);
        }
        if (j == null || j.format() != FORMAT) {
            throw new IllegalArgumentException("tuning file " + source + ": format " + (j == null ? "missing" : j.format())
                    + ", expected " + FORMAT);
        }
        if (j.device() == null || j.gemm() == null) {
            throw new IllegalArgumentException("tuning file " + source + ": 'device' and 'gemm' are required");
        }
        GemmKernels.Tuning gemm = j.gemm();
        Map<String, ConvChoice> conv = new TreeMap<>();
        if (j.conv() != null) {
            for (Map.Entry<String, ConvChoice> e : j.conv().entrySet()) {
                ConvChoice c = e.getValue();
                if (c == null || c.forward() == null || c.backwardData() == null || c.backwardFilter() == null) {
                    throw new IllegalArgumentException("tuning file " + source + ": class " + e.getKey()
                            + " needs forward, backwardData and backwardFilter, one of " + java.util.Arrays.toString(
                                    ConvAlgorithm.values()));
                }
                conv.put(e.getKey(), new ConvChoice(c.forward(), c.backwardData(), c.backwardFilter()));
            }
        }
        return new TuningTable(j.device(), j.created(), gemm, conv);
    }
}
