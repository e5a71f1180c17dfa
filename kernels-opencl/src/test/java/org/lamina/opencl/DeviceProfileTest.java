package org.lamina.opencl;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeviceProfileTest {

    @Test
    void everyBuiltInProfileLoadsAndMakesPoclAGpuWithinItsOwnLimits() {
        DeviceProperties real = DeviceChoiceTest.pocl("pthread", 2);
        for (String name : DeviceProfile.BUILT_IN) {
            DeviceProfile p = DeviceProfile.load(name);
            DeviceProperties as = p.apply(real);
            assertEquals(DeviceType.GPU, as.type(), name);
            assertTrue(as.localMemDedicated(), name);
            assertTrue(as.name().contains("[profile on " + real.name() + "]"), as.name());
            assertTrue(as.localMemBytes() <= real.localMemBytes() && as.localMemBytes() <= p.localMemBytes(), name);
            assertTrue(as.maxWorkGroupSize() <= real.maxWorkGroupSize() && as.maxWorkGroupSize() <= p.maxWorkGroupSize(),
                    name);
            assertTrue(as.maxAllocBytes() <= real.maxAllocBytes(), name + ": never more than the real device");
            assertEquals(real.maxWorkItemSizes().size(), as.maxWorkItemSizes().size());
            assertEquals(real.driverVersion(), as.driverVersion(), "the driver stays the real one");
            assertTrue(Device.described(0, as).peak().gflops().isPresent() || p.vendor().equals("Generic"), name);
        }
        DeviceProperties h100 = DeviceProfile.load("nvidia-h100").apply(real);
        assertEquals(49152, h100.localMemBytes());
        assertEquals(1024, h100.maxWorkGroupSize());
        assertEquals(List.of(1024L, 1024L, 64L), h100.maxWorkItemSizes());
        assertEquals(Vendor.NVIDIA, Device.described(0, h100).vendorFamily());
        assertEquals(90, h100.computeCapability());
    }

    @Test
    void anUnknownProfileIsAClearError() {
        var e = assertThrows(IllegalArgumentException.class, () -> DeviceProfile.load("nvidia-h9000"));
        assertTrue(e.getMessage().contains("LAMINA_DEVICE_PROFILE=nvidia-h9000") && e.getMessage().contains("nvidia-h100"),
                e.getMessage());
    }

    @Test
    void aProfileFileIsReadAndCheckedNamingTheFile(@TempDir Path dir) throws Exception {
        Path good = dir.resolve("card.json");
        Files.writeString(good, """
                {"name": "My Card", "vendor": "Advanced Micro Devices, Inc.", "type": "gpu", "computeUnits": 60,
                 "clockMhz": 1800, "localMemDedicated": true, "localMemBytes": 65536, "maxWorkGroupSize": 256,
                 "maxWorkItemSizes": [1024, 1024, 1024], "maxAllocBytes": 1000000000, "globalMemBytes": 16000000000,
                 "preferredFloatVectorWidth": 1}
                """);
        DeviceProfile p = DeviceProfile.load(good.toString());
        assertEquals(256, p.apply(DeviceChoiceTest.pocl("pthread", 2)).maxWorkGroupSize());

        Path noType = dir.resolve("bad.json");
        Files.writeString(noType, "{\"name\": \"x\", \"vendor\": \"y\"}");
        var e = assertThrows(IllegalArgumentException.class, () -> DeviceProfile.load(noType.toString()));
        assertTrue(e.getMessage().contains(noType.toString()) && e.getMessage().contains("'type'"), e.getMessage());

        Path badType = dir.resolve("badtype.json");
        Files.writeString(badType, Files.readString(good).replace("\"gpu\"", "\"tpu\""));
        e = assertThrows(IllegalArgumentException.class, () -> DeviceProfile.load(badType.toString()));
        assertTrue(e.getMessage().contains("'tpu'"), e.getMessage());

        Path notJson = dir.resolve("garbage.json");
        Files.writeString(notJson, "{{{");
        e = assertThrows(IllegalArgumentException.class, () -> DeviceProfile.load(notJson.toString()));
        assertTrue(e.getMessage().contains(notJson.toString()), e.getMessage());

        // a word instead of an object (before: Gson's "IllegalStateException: Expected BEGIN_OBJECT but was STRING")
        Path word = dir.resolve("word.json");
        Files.writeString(word, "nojson");
        e = assertThrows(IllegalArgumentException.class, () -> DeviceProfile.load(word.toString()));
        assertEquals("device profile " + word + ": not a device profile (a JSON object of the form of the built-in"
                + " ones; it breaks at line 1, column 1)", e.getMessage());

        e = assertThrows(IllegalArgumentException.class, () -> DeviceProfile.load(dir.resolve("missing.json").toString()));
        assertEquals("LAMINA_DEVICE_PROFILE=" + dir.resolve("missing.json") + ": no such file", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> DeviceProfile.load(dir + "/"));
        assertEquals("LAMINA_DEVICE_PROFILE=" + dir + "/: a folder, not a profile file", e.getMessage());
    }
}
