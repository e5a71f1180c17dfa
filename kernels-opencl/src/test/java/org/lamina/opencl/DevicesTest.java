package org.lamina.opencl;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class DevicesTest {

    @Test
    void noPlatformNamesOclIcdVendorsWhenItIsSet(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        assertEquals("no OpenCL platform is installed: no ICD file in /etc/OpenCL/vendors", Devices.noPlatform(null));
        Files.writeString(dir.resolve("broken.icd"), "/nowhere/libnothing.so\n");
        assertEquals("no OpenCL platform found: OCL_ICD_VENDORS=" + dir + " (a folder whose 1 .icd file(s) name no "
                + "driver that loads) is where the OpenCL loader looks instead of /etc/OpenCL/vendors; fix or unset it",
                Devices.noPlatform(dir.toString()));
        assertTrue(Devices.noPlatform(dir.resolve("broken.icd").toString())
                .contains("/broken.icd (a file that names no driver that loads)"));
    }

    @Test
    void discoveredDevicesReportTheirProperties() {
        Device d = OpenClTests.device();
        List<Device> all = Devices.all();
        assertTrue(all.contains(d));
        for (int i = 0; i < all.size(); i++) {
            Device each = all.get(i);
            assertEquals(i, each.index());
            assertFalse(each.name().isBlank(), "name");
            assertFalse(each.platformName().isBlank(), "platform");
            assertTrue(each.computeUnits() > 0, "compute units " + each.computeUnits());
            assertTrue(each.clockMhz() > 0, "clock " + each.clockMhz());
            assertTrue(each.globalMemBytes() > 0, "global memory");
            assertTrue(each.localMemBytes() > 0, "local memory");
            assertTrue(each.maxWorkGroupSize() > 0, "work-group size");
            // Oclgrind reports a preferred vector width of 0 (no preference).
            assertTrue(each.preferredFloatVectorWidth() >= (each.debugTool().isPresent() ? 0 : 1), "vector width");
            assertTrue(each.openClCVersion().startsWith("OpenCL C"), each.openClCVersion());
            assertNotEquals(DeviceType.OTHER, each.type());
        }
    }

    @Test
    void selectsByIndexTypeAndName() {
        Device d = OpenClTests.device();
        assertSame(d, Devices.select(Integer.toString(d.index())));
        assertEquals(d.type(), Devices.select(d.type().name().toLowerCase()).type());
        String word = d.name().split("[ -]")[0];
        assertTrue(Devices.select(word.toUpperCase()).name().toLowerCase().contains(word.toLowerCase()));
    }

    @Test
    void unknownDeviceIsAClearError() {
        OpenClTests.device();
        var e = assertThrows(IllegalArgumentException.class, () -> Devices.select("no-such-device-xyz"));
        assertTrue(e.getMessage().contains("no-such-device-xyz"), e.getMessage());
        assertTrue(e.getMessage().contains(Devices.all().get(0).name()), "lists the devices: " + e.getMessage());
        var e2 = assertThrows(IllegalArgumentException.class, () -> Devices.select("99"));
        assertTrue(e2.getMessage().contains("#99"), e2.getMessage());
    }

    @Test
    void errorCodesHaveNames() {
        assertEquals("CL_INVALID_WORK_GROUP_SIZE", ClException.errorName(-54));
        assertEquals("CL_OUT_OF_RESOURCES", ClException.errorName(-5));
        assertEquals("CL_PLATFORM_NOT_FOUND_KHR", ClException.errorName(-1001));
        ClException e = new ClException("clFoo", -30);
        assertEquals(-30, e.code());
        assertTrue(e.getMessage().contains("clFoo") && e.getMessage().contains("CL_INVALID_VALUE"), e.getMessage());
    }
}
