package org.lamina.opencl.tuning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Tuning files that TuningTableFuzzTest's long run found mishandled, as plain cases. */
class TuningTableTest {
    private static final String SOURCE = "tuning file F";

    private static String refused(String json) {
        var e = assertThrows(IllegalArgumentException.class, () -> TuningTable.fromJson(json, SOURCE));
        assertEquals(IllegalArgumentException.class, e.getClass(), e.toString());
        return e.getMessage();
    }

    /** An exponent beyond BigDecimal's leaked NumberFormatException ("Too many nonzero exponent digits"). */
    @Test
    void numbersBeyondAnyRangeAreNamed() {
        assertEquals("tuning file F: parameters.im2col.workGroup: 251e10000002566 is not an integer",
                refused("{\"format\": 2, \"device\": {\"type\": \"gpu\"}, \"parameters\": {\"im2col\": "
                        + "{\"workGroup\": 251e10000002566}}}"));
        assertEquals("tuning file F: format 1e10000000000, expected 2 (or 1, written by older versions)",
                refused("{\"format\": 1e10000000000}"));
        // 1.5 was read as format 1 before
        assertEquals("tuning file F: format 1.5, expected 2 (or 1, written by older versions)",
                refused("{\"format\": 1.5, \"device\": \"x\", \"gemm\": {}}"));
    }

    /**
     * A format-1 device key with an empty vendor ({@code platform|name||version|driver}) was read as a
     * table whose format-2 form says "device.vendor: empty": what Lamina writes must read back.
     */
    @Test
    void aFormat1FileWithoutVendorReadsBackAfterWriting() {
        TuningTable t = TuningTable.fromJson("{\"format\": 1, \"device\": \"Portable Computing Language|cpu-haswell||"
                + "OpenCL 3.0 PoCL|6.0\", \"gemm\": {\"tm\": 6}}", SOURCE);
        assertNull(t.device().vendor());
        assertEquals("cpu-haswell", t.device().device());
        assertEquals(t, TuningTable.fromJson(t.toJson(), SOURCE));
    }
}
