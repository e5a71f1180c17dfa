package org.lamina.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.lamina.opencl.Devices;

/** A device type is a preference that falls back to the best device; an index or name is exact. */
class BackendsFallbackTest {

    @Test
    void gpuMeansAGpuWhenThereIsOneElseTheBestDeviceWithOneWarning() {
        String best;
        try (Backend b = Backends.open()) {
            best = b.device();
        }
        boolean gpuThere;
        try {
            Devices.select("gpu");
            gpuThere = true;
        } catch (IllegalArgumentException e) {
            gpuThere = false;
        }
        List<LogRecord> warnings = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                if (r.getLevel().intValue() >= Level.WARNING.intValue()) {
                    warnings.add(r);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger log = Logger.getLogger(Backends.class.getName());
        log.addHandler(capture);
        try {
            for (int i = 0; i < 2; i++) {
                try (Backend b = Backends.open("gpu")) {
                    if (gpuThere) {
                        assertTrue(b.device().contains(" gpu "), "'gpu' opens a GPU when there is one: " + b.device());
                    } else {
                        assertEquals(best, b.device(), "'gpu' without a GPU falls back to the best device");
                    }
                }
            }
        } finally {
            log.removeHandler(capture);
        }
        if (!gpuThere) {
            assertEquals(1, warnings.size(), "one warning for two fallbacks: " + warnings.stream().map(LogRecord::getMessage).toList());
            String message = warnings.get(0).getMessage();
            assertTrue(message.startsWith("no gpu device to run on") && message.endsWith(best), message);
        } else {
            assertEquals(List.of(), warnings);
        }
    }

    @Test
    void anIndexOrANameMustMatch() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Backends.open("no-such-device-xyz"));
        assertTrue(e.getMessage().contains("no-such-device-xyz"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Backends.open("99"));
    }
}
