package org.lamina.backend.opencl;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.lamina.opencl.Device;
import org.lamina.opencl.DeviceProfile;
import org.lamina.opencl.DeviceType;
import org.lamina.opencl.OpenClTests;
import org.lamina.opencl.tuning.TuningDatabase;

/**
 * Proves that the GPU profile runs (the gpu-profiles executions of engine/pom.xml) test what they
 * claim: the tests' device is pocl appearing as the profile's GPU, with that vendor's tuning database
 * entry and the profile's limits. Skipped in the ordinary run, where no profile is set.
 */
class GpuProfileRunTest {
    private static final Map<String, String> ENTRY = Map.of("nvidia-h100", "nvidia/gpu", "amd-rx7900", "amd/gpu",
            "intel-uhd630", "intel/gpu");

    @Test
    void theTestDeviceIsTheProfilesGpuWithItsVendorsTuning() {
        String profile = System.getenv(DeviceProfile.ENVIRONMENT_VARIABLE);
        Assumptions.assumeTrue(profile != null && !profile.isBlank(), "no device profile in this run");
        Device d = OpenClTests.device();
        DeviceProfile p = DeviceProfile.load(profile);
        assertEquals(profile, d.profile().orElseThrow(), d.toString());
        assertEquals(DeviceType.GPU, d.type());
        assertTrue(d.localMemDedicated());
        assertTrue(d.maxWorkGroupSize() <= p.maxWorkGroupSize(), d.maxWorkGroupSize() + " work-items");
        assertTrue(d.localMemBytes() <= p.localMemBytes(), d.localMemBytes() + " bytes of local memory");
        String expected = ENTRY.get(profile);
        if (expected != null) {
            assertEquals(expected, TuningDatabase.forDevice(d).first().key(), TuningDatabase.forDevice(d).describe());
        }
    }
}
