package org.lamina.opencl.tuning;

import static org.junit.jupiter.api.Assertions.*;
import static org.lamina.opencl.tuning.TuningSpec.count;
import static org.lamina.opencl.tuning.TuningSpec.flag;
import static org.lamina.opencl.tuning.TuningSpec.integer;
import static org.lamina.opencl.tuning.TuningSpec.oneOf;
import static org.lamina.opencl.tuning.TuningSpec.powerOfTwo;
import static org.lamina.opencl.tuning.TuningSpec.workGroupSize;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lamina.opencl.DeviceType;
import org.lamina.opencl.pooling.PoolingKernels;

/** A family's tuning declared once: read, checked, defines and stored values all from the declaration. */
class TuningSpecTest {
    private static final DeviceDescription SMALL = new DeviceDescription("acme", DeviceType.GPU, "Small GPU",
            "small", 32, 8, true, 65536);

    record Sample(int items, int workGroup, int reduce, int vec, long budget, boolean fast) {
        static final TuningSpec<Sample> SPEC = TuningSpec.of("sample", Sample.class,
                integer("items", 1, 64).define("ITEMS"), workGroupSize("workGroup"), powerOfTwo("reduce").define("RWG"),
                oneOf("vec", 4, 8).define("VEC", v -> v * 2), count("budget"), flag("fast").define("FAST"));

        Sample {
            SPEC.check(items, workGroup, reduce, vec, budget, fast);
        }
    }

    record Misdeclared(int items, long budget) {
    }

    @Test
    void aValueOutsideItsRangeNamesFamilyParameterAndValue() {
        String[][] cases = {
            {"65", "64", "64", "4", "1", "sample tuning: items 65 is outside 1..64"},
            {"4", "0", "64", "4", "1", "sample tuning: workGroup 0 is below 1"},
            {"4", "64", "48", "4", "1", "sample tuning: reduce 48 is not a power of two"},
            {"4", "64", "64", "5", "1", "sample tuning: vec 5 is not 4 or 8"},
            {"4", "64", "64", "8", "0", "sample tuning: budget 0 is below 1"},
        };
        for (String[] c : cases) {
            int[] v = Arrays.stream(c, 0, 5).mapToInt(Integer::parseInt).toArray();
            var e = assertThrows(IllegalArgumentException.class, () -> new Sample(v[0], v[1], v[2], v[3], v[4], true));
            assertEquals(c[5], e.getMessage());
        }
        var e = assertThrows(IllegalArgumentException.class, () -> new PoolingKernels.Tuning(33, 8, 64, 64));
        assertEquals("pooling tuning: oxTile 33 is outside 1..32", e.getMessage());
    }

    @Test
    void definesAndStoredValuesComeFromTheDeclaration() {
        Sample s = new Sample(4, 64, 128, 8, 1L << 20, true);
        assertEquals(Map.of("ITEMS", 4, "RWG", 128, "VEC", 16, "FAST", 1), Sample.SPEC.defines(s));
        assertEquals(Map.of("items", 4L, "workGroup", 64L, "reduce", 128L, "vec", 8L, "budget", 1L << 20, "fast", true),
                Sample.SPEC.values(s));
        assertEquals(0, Sample.SPEC.defines(new Sample(4, 64, 128, 8, 1, false)).get("FAST"));
        assertEquals(Map.of("OX_TILE", 8, "IX_TILE", 4, "REDUCE_WG", 32),
                PoolingKernels.Tuning.SPEC.defines(new PoolingKernels.Tuning(8, 4, 16, 32)));
    }

    @Test
    void readingFitsWorkGroupsToTheDeviceAndNamesTheFileOfABadValue() {
        Map<String, Object> values = new LinkedHashMap<>(Map.of("items", 4L, "workGroup", 256L, "reduce", 100L,
                "vec", 8L, "budget", 1000L, "fast", false));
        Map<String, String> origins = new LinkedHashMap<>();
        values.keySet().forEach(k -> origins.put(k, "generic.json"));
        origins.put("items", "gpu.json");
        TuningParameters p = new TuningParameters("sample", values, origins, SMALL, "generic");
        // The work-group fitted to the device's 32, the reduction's rounded down to a power of two that fits.
        assertEquals(new Sample(4, 32, 32, 8, 1000, false), Sample.SPEC.read(p));
        values.put("items", 0L);
        var e = assertThrows(IllegalArgumentException.class,
                () -> Sample.SPEC.read(new TuningParameters("sample", values, origins, SMALL, "generic")));
        assertEquals("gpu.json: parameters.sample: items 0 is outside 1..64", e.getMessage());
    }

    @Test
    void aDeclarationThatDisagreesWithItsRecordIsRefused() {
        var e = assertThrows(IllegalStateException.class,
                () -> TuningSpec.of("x", Misdeclared.class, integer("items", 1, 2), integer("budget", 1, 2)));
        assertTrue(e.getMessage().contains("budget"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> TuningSpec.of("x", Misdeclared.class, integer("items", 1, 2)));
        assertThrows(IllegalStateException.class,
                () -> TuningSpec.of("x", Misdeclared.class, count("budget"), integer("items", 1, 2)));
    }
}
