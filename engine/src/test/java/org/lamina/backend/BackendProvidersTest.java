package org.lamina.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.lamina.opencl.DeviceType;
import org.lamina.opencl.Devices;

/** The backends are found with ServiceLoader, and a provider's name opens its best device. */
class BackendProvidersTest {

    @Test
    void theBackendsAreFoundOpenClFirstThenTheJavaFloatBackend() {
        assertEquals(List.of("opencl", "java-float", "java"), Backends.providers().stream().map(BackendProvider::name).toList());
    }

    @Test
    void aProvidersNameOpensItsBestDevice() {
        try (Backend b = Backends.open("JAVA")) {
            assertEquals("java", b.name());
        }
        try (Backend b = Backends.open("java-float")) {
            assertEquals("java-float", b.name());
            assertTrue(b.device().startsWith("host (Java float, "), b.device());
        }
        if (Devices.choice().device().isPresent()) {
            try (Backend b = Backends.open("opencl"); Backend best = Backends.open()) {
                assertEquals("opencl", b.name());
                assertEquals(best.device(), b.device(), "the default OpenCL device");
            }
        } else {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Backends.open("opencl"));
            assertTrue(e.getMessage().contains("no OpenCL device to run on"), e.getMessage());
        }
    }

    @Test
    void openingExactlyRefusesAnUnmetType() {
        if (Devices.all().stream().noneMatch(d -> d.type() == DeviceType.ACCELERATOR)) {
            assertThrows(IllegalArgumentException.class,
                    () -> Backends.openExactly("accelerator", BackendProvider.Settings.DEFAULT).close());
            try (Backend b = Backends.open("accelerator")) {
                assertTrue(b.device().length() > 0, "open falls back where openExactly refuses");
            }
        }
    }
}
