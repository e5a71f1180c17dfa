package org.lamina.opencl.tuning;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.lamina.fuzz.UserErrors;
import org.lamina.opencl.DeviceType;

/**
 * Fuzzes the reader of tuning files (format 2, and format 1 of older versions) as {@code TuningStore}
 * loads a user's tuned file: parse, match against devices, build every kernel family's tuning the file
 * sets over the built-in database. A file that reads must also write back to the same table.
 */
class TuningTableFuzzTest {
    private static final String SOURCE = "tuning file /tmp/lamina-fuzz/device.json";
    private static final List<DeviceDescription> DEVICES = List.of(
            new DeviceDescription("NVIDIA Corporation", DeviceType.GPU, "NVIDIA GeForce RTX 3080", "key-nv", 1024, 68,
                    true, 49152, "sm_86"),
            new DeviceDescription("AuthenticAMD", DeviceType.CPU, "cpu-haswell-AMD EPYC 7B13", "key-cpu", 4096, 2,
                    false, 524288),
            new DeviceDescription("Intel(R) Corporation", DeviceType.GPU, "Intel(R) UHD Graphics 630", "key-intel", 256,
                    24, true, 65536));
    private static final TuningDatabase DATABASE = TuningDatabase.builtIn();

    @FuzzTest
    void read(byte[] bytes) throws Exception {
        String text = new String(bytes, StandardCharsets.UTF_8);
        TuningTable t = UserErrors.resultOrUserError(SOURCE, () -> TuningTable.fromJson(text, SOURCE));
        if (t == null) {
            return;
        }
        assertEquals(t, TuningTable.fromJson(t.toJson(), SOURCE));
        for (DeviceDescription d : DEVICES) {
            UserErrors.resultOrUserError(SOURCE, () -> t.device().matches(d));
            UserErrors.resultOrUserError(SOURCE, () -> {
                KernelFamilies.check(t, SOURCE, d, DATABASE);
                return null;
            });
        }
    }
}
