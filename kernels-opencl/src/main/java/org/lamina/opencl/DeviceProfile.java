package org.lamina.opencl;

import com.google.gson.Gson;
import com.google.gson.JsonParseException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Makes a device appear as another kind: how the code paths chosen for a GPU (by type and vendor:
 * algorithm rules, tuning database entries, launch limits) run on pocl before they meet a real card.
 * A profile gives the other device's identity (name, vendor, type, compute units, clock, vector
 * width, whether local memory is dedicated) and its limits; the limits only ever lower the real
 * device's (a pocl device cannot allocate 20 GiB because a profile says an H100 could), so what
 * passes under a profile also fits the real card.
 *
 * <p>Chosen with {@value #ENVIRONMENT_VARIABLE}: a built-in profile's name ({@link #BUILT_IN}) or the
 * path of a JSON file of the same form as {@code org/lamina/opencl/profiles/*.json}. It applies to
 * every device but simulators.
 */
public record DeviceProfile(String profile, String name, String vendor, String type, int computeUnits, int clockMhz,
        boolean localMemDedicated, long localMemBytes, long maxWorkGroupSize, List<Long> maxWorkItemSizes,
        long maxAllocBytes, long globalMemBytes, int preferredFloatVectorWidth, int computeCapability) {

    public static final String ENVIRONMENT_VARIABLE = "LAMINA_DEVICE_PROFILE";
    /** The profiles in the project. */
    public static final List<String> BUILT_IN = List.of("nvidia-h100", "nvidia-rtx4090", "amd-rx7900", "intel-uhd630",
            "gpu-32k");
    private static final Gson GSON = new Gson();

    /** The profile named by the environment, or null when none is. */
    static DeviceProfile fromEnvironment() {
        String spec = System.getenv(ENVIRONMENT_VARIABLE);
        return spec == null || spec.isBlank() ? null : load(spec.strip());
    }

    /**
     * A built-in profile by name, or a JSON file by path.
     *
     * @throws IllegalArgumentException naming the profile and what is wrong with it
     */
    public static DeviceProfile load(String spec) {
        String text;
        String source;
        if (BUILT_IN.contains(spec.toLowerCase(Locale.ROOT))) {
            source = "built-in profile " + spec;
            try (InputStream in = DeviceProfile.class.getResourceAsStream("profiles/" + spec.toLowerCase(Locale.ROOT)
                    + ".json")) {
                if (in == null) {
                    throw new IllegalStateException(source + " is missing from the class path");
                }
                text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new IllegalStateException("reading " + source, e);
            }
        } else if (spec.endsWith(".json") || spec.contains("/")) {
            source = "device profile " + spec;
            Path file = Path.of(spec);
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException(ENVIRONMENT_VARIABLE + "=" + spec + ": "
                        + (Files.isDirectory(file) ? "a folder, not a profile file" : "no such file"));
            }
            try {
                text = Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new IllegalArgumentException(ENVIRONMENT_VARIABLE + "=" + spec + ": cannot read the file ("
                        + e + ")");
            }
        } else {
            throw new IllegalArgumentException(ENVIRONMENT_VARIABLE + "=" + spec + ": no such profile; the built-in "
                    + "ones are " + BUILT_IN + ", or give the path of a .json file");
        }
        DeviceProfile p;
        try {
            p = GSON.fromJson(text, DeviceProfile.class);
        } catch (JsonParseException | IllegalStateException e) {
            // Gson's text names its own states ("Expected BEGIN_OBJECT but was STRING"); keep where it broke
            Matcher at = Pattern.compile("line (\\d+) column (\\d+)")
                    .matcher(String.valueOf(e.getMessage()));
            throw new IllegalArgumentException(source + ": not a device profile (a JSON object of the form of the"
                    + " built-in ones" + (at.find() ? "; it breaks at line " + at.group(1) + ", column " + at.group(2)
                    : "") + ")");
        }
        if (p == null) {
            throw new IllegalArgumentException(source + " is empty");
        }
        return p.validated(source);
    }

    private DeviceProfile validated(String source) {
        if (name == null || vendor == null || type == null) {
            throw new IllegalArgumentException(source + ": 'name', 'vendor' and 'type' are required");
        }
        if (DeviceType.parse(type) == null) {
            throw new IllegalArgumentException(source + ": type '" + type + "' is not gpu, cpu or accelerator");
        }
        if (computeUnits < 1 || clockMhz < 1 || localMemBytes < 1 || maxWorkGroupSize < 1 || maxAllocBytes < 1
                || globalMemBytes < 1 || preferredFloatVectorWidth < 1 || maxWorkItemSizes == null
                || maxWorkItemSizes.isEmpty()) {
            throw new IllegalArgumentException(source + ": computeUnits, clockMhz, localMemBytes, maxWorkGroupSize, "
                    + "maxWorkItemSizes, maxAllocBytes, globalMemBytes and preferredFloatVectorWidth must be positive");
        }
        return new DeviceProfile(profile == null ? source : profile, name, vendor, type, computeUnits, clockMhz,
                localMemDedicated, localMemBytes, maxWorkGroupSize, List.copyOf(maxWorkItemSizes), maxAllocBytes,
                globalMemBytes, preferredFloatVectorWidth, computeCapability);
    }

    /** {@code real} as this profile makes it appear. */
    DeviceProperties apply(DeviceProperties real) {
        List<Long> items = new ArrayList<>();
        for (int i = 0; i < real.maxWorkItemSizes().size(); i++) {
            long mine = i < maxWorkItemSizes.size() ? maxWorkItemSizes.get(i) : maxWorkItemSizes.get(
                    maxWorkItemSizes.size() - 1);
            items.add(Math.min(real.maxWorkItemSizes().get(i), mine));
        }
        return new DeviceProperties(real.platformName(), name + " [profile on " + real.name() + "]", vendor,
                DeviceType.parse(type), computeUnits, clockMhz, Math.min(real.globalMemBytes(), globalMemBytes),
                Math.min(real.localMemBytes(), localMemBytes), localMemDedicated,
                Math.min(real.maxAllocBytes(), maxAllocBytes), Math.min(real.maxWorkGroupSize(), maxWorkGroupSize),
                items, real.openClCVersion(), real.deviceVersion(), real.driverVersion(), preferredFloatVectorWidth,
                real.compilerAvailable(), real.available(), computeCapability);
    }
}
